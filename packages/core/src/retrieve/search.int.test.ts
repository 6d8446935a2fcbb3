import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { createHashingEmbedder } from "../embed";
import { markdownDoc } from "../testing/documents";
import { indexDocument } from "../knowledge-base/publish/publish";
import { createPrismaClient } from "@lore/db/client";
import { buildVectorIndex } from "../knowledge-base/search-indexes/vector-index-upkeep";
import { search } from "./search";
import type { SearchMode } from "./types";
import type { AccessPrincipal } from "../knowledge-base/access";
import {
  ivfMaxProbes,
  ivfProbes,
  readVectorIndex,
  vectorDefaultsSuffice,
  vectorIndexName,
  vectorScanDefaults,
  withVectorScanSettings,
} from "../knowledge-base/search-indexes/vector-index";
import { prng } from "../eval/synthetic";
import { vectorFromBinary } from "../embed/vector";
import pgvector from "pgvector";
import type { FusionMethod } from "./fusion";
import { HASHING_VECTOR_WEIGHT } from "./fusion-settings";

const db = useTestDatabase();
const embedder = createHashingEmbedder();
const MODES: SearchMode[] = ["hybrid", "vector", "fulltext"];
const FUSIONS: FusionMethod[] = ["relative_score", "rrf"];

describe("access control (property test over random users, groups and documents)", () => {
  it("never returns a chunk of a document the caller may not read, in any mode, and does return readable matches", async () => {
    const seed = 20261124;
    const rand = prng(seed);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const run = randomUUID().slice(0, 8);

    const groups = await Promise.all(
      Array.from({ length: 6 }, (_, i) => db.prisma.group.create({ data: { id: randomUUID(), name: `acl-${run}-g${i}` } })),
    );
    const users = Array.from({ length: 10 }, (_, i) => ({ id: `acl-${run}-u${i}`, groups: new Set<string>() }));
    await db.prisma.user.createMany({
      data: users.map((u, i) => ({ id: u.id, name: u.id, email: `${u.id}@t.lore`, role: i === 0 ? "admin" : "employee" })),
    });
    for (const u of users.slice(1)) for (const g of groups) if (rand() < 0.3) u.groups.add(g.id); // users[0]: an admin in no group
    await db.prisma.groupMembership.createMany({ data: users.flatMap((u) => [...u.groups].map((groupId) => ({ userId: u.id, groupId }))) });

    // Each document has its own rare token plus shared topic words, so one query can match many documents.
    const topics = ["holiday", "expenses", "laptop", "security", "payroll"];
    const docs: { id: string; token: string; groups: string[] }[] = [];
    for (let i = 0; i < 30; i++) {
      const restricted = rand() < 0.65;
      const docGroups = restricted ? [...new Set([pick(groups), pick(groups)])] : [];
      const token = `tok${run}d${i}`.replace(/-/g, "");
      const topic = pick(topics);
      const r = await indexDocument(
        db.prisma,
        {
          source: `acl-${run}`,
          doc: markdownDoc(
            `d${i}`,
            `Notes ${i} about ${topic}`,
            `The ${topic} rules, reference ${token}. Ask your manager about ${topic} before acting.`,
          ),
          groups: docGroups.map((g) => g.name),
        },
        { embedder },
      );
      docs.push({ id: r.documentId, token, groups: docGroups.map((g) => g.id) });
    }
    const groupsOf = (caller: AccessPrincipal): Set<string> =>
      caller === null
        ? new Set()
        : typeof caller === "object"
          ? new Set(caller.groupIds)
          : (users.find((u) => u.id === caller)?.groups ?? new Set());
    const readable = (caller: AccessPrincipal, d: (typeof docs)[number]) =>
      d.groups.length === 0 || d.groups.some((g) => groupsOf(caller).has(g));

    // Group principals (the inspector's "ask as group"): no user behind them, membership is the given groups.
    const asGroups: AccessPrincipal[] = [
      { groupIds: [] },
      { groupIds: [groups[0]!.id] },
      { groupIds: groups.filter(() => rand() < 0.5).map((g) => g.id) },
      { groupIds: [`acl-${run}-no-such-group`] },
    ];
    const callers: AccessPrincipal[] = [null, `acl-${run}-nobody`, ...users.map((u) => u.id), ...asGroups];
    const asGroupChecked = { results: 0, hits: 0 };
    let checked = 0;
    let expectedHits = 0;
    for (let trial = 0; trial < 40; trial++) {
      const userId = pick(callers);
      const target = pick(docs);
      const query = rand() < 0.5 ? target.token : `${pick(topics)} rules ${target.token}`;
      for (const mode of MODES) {
        const results = await search(db.prisma, { query, userId, mode, k: 10, filters: { sources: [`acl-${run}`] } }, { embedder });
        for (const r of results) {
          const d = docs.find((x) => x.id === r.documentId)!;
          expect(readable(userId, d), `seed ${seed} trial ${trial}: ${mode} leaked ${r.documentId} to ${JSON.stringify(userId)}`).toBe(
            true,
          );
          checked++;
          if (typeof userId === "object" && userId !== null) asGroupChecked.results++;
        }
        if (readable(userId, target)) {
          expect(
            results.map((r) => r.documentId),
            `seed ${seed} trial ${trial}: ${mode} missed readable ${target.id}`,
          ).toContain(target.id);
          expectedHits++;
          if (typeof userId === "object" && userId !== null && target.groups.length > 0) asGroupChecked.hits++;
        } else {
          expect(results.map((r) => r.documentId)).not.toContain(target.id);
        }
      }
    }
    expect(checked).toBeGreaterThan(100); // the property was exercised, not vacuously true
    expect(expectedHits).toBeGreaterThan(20);
    // Group principals were drawn, returned results, and read a restricted document through a group.
    expect(asGroupChecked.results).toBeGreaterThan(5);
    expect(asGroupChecked.hits).toBeGreaterThan(0);

    // With 30 documents a caller's vector list is usually shorter than the 40 candidates wanted, so the exact
    // fallback decided above. With 3 candidates the retriever's own statement fills its list (no fallback): its
    // access check is the one that holds.
    let fromIndex = 0;
    for (let trial = 0; trial < 20; trial++) {
      const userId = pick(callers);
      const query = `${pick(topics)} rules ${pick(docs).token}`;
      const results = await search(
        db.prisma,
        { query, userId, mode: "vector", k: 3, candidates: 3, filters: { sources: [`acl-${run}`] } },
        { embedder },
      );
      for (const r of results) {
        expect(
          readable(
            userId,
            docs.find((x) => x.id === r.documentId)!,
          ),
          `seed ${seed} full-list trial ${trial}: leaked ${r.documentId} to ${userId}`,
        ).toBe(true);
      }
      if (results.length === 3) fromIndex++;
    }
    expect(fromIndex).toBeGreaterThan(10);

    // Anonymous and the admin without memberships see exactly the public documents.
    const everything = Object.fromEntries(
      await Promise.all(
        [null, users[0]!.id].map(async (userId) => {
          const results = await search(
            db.prisma,
            { query: topics.join(" "), userId, mode: "fulltext", k: 100, candidates: 100, mmrLambda: 1 },
            { embedder },
          );
          return [String(userId), new Set(results.map((r) => r.documentId))] as const;
        }),
      ),
    );
    const publicDocs = new Set(docs.filter((d) => d.groups.length === 0).map((d) => d.id));
    expect(everything.null).toEqual(publicDocs);
    expect(everything[users[0]!.id]).toEqual(publicDocs);
  });
});

// ── A small labelled set, written for this test: short policy pages and questions of two kinds. ──
// Exact-term questions name a code, product or acronym (keywords win); paraphrase questions use other word
// forms, typos or run-together words than the page (the hashing embedder's character n-grams win).
const CORPUS: [id: string, title: string, text: string][] = [
  [
    "leave",
    "Annual leave",
    "Every employee receives twenty-five days of paid annual leave per calendar year. Unused days up to five may be carried over to the next year.",
  ],
  [
    "parental",
    "Parental leave",
    "Birth parents receive sixteen weeks of fully paid parental leave. Partners receive six weeks. Notify HR at least eight weeks before the expected date.",
  ],
  [
    "sick",
    "Sick leave",
    "If you are ill, tell your manager before ten in the morning. A doctor's note is needed after three consecutive sick days.",
  ],
  [
    "expenses",
    "Expense claims",
    "Submit expense claims within thirty days using form EXP-204. Receipts are required for any purchase above twenty euros. Claims are reimbursed with the next salary payment.",
  ],
  [
    "travel",
    "Business travel",
    "Book flights and hotels through the TravelDesk portal. Economy class is standard for flights under six hours. Per diem for meals is forty-five euros.",
  ],
  [
    "laptop",
    "Laptops and equipment",
    "New starters receive a laptop on their first day. Report broken equipment to the IT helpdesk. Laptops are replaced every four years.",
  ],
  [
    "vpn",
    "Remote access",
    "Connect to internal systems with the GlobalProtect client. Multi-factor authentication uses the Authenticator app. Remote access is logged.",
  ],
  [
    "wifi",
    "Office wireless network",
    "The office wireless network is called LoreGuest for visitors and LoreCorp for staff. The staff network password rotates monthly and is posted on the intranet.",
  ],
  [
    "passwords",
    "Password policy",
    "Passwords must be at least fourteen characters long. Use the company password manager. Never reuse a password across services.",
  ],
  [
    "security",
    "Reporting security incidents",
    "Report phishing or a lost device immediately to security@example.com or extension 4455. Do not try to investigate yourself.",
  ],
  [
    "payroll",
    "Payroll schedule",
    "Salaries are paid on the twenty-fifth of each month. Payslips are available in the PayHub portal two days earlier.",
  ],
  [
    "pension",
    "Pension scheme",
    "The company matches pension contributions up to six percent of gross salary. Enrolment is automatic after three months of employment.",
  ],
  [
    "onboarding",
    "Onboarding checklist",
    "During your first week, complete the compliance training, set up your accounts and meet your onboarding buddy.",
  ],
  [
    "offboarding",
    "Leaving the company",
    "When you resign, your notice period is one month. Return your laptop and badge on your last working day.",
  ],
  [
    "remote",
    "Working from home",
    "Employees may work from home up to three days per week with their manager's agreement. A home office allowance of three hundred euros is paid once.",
  ],
  [
    "cafeteria",
    "Cafeteria and lunch",
    "The cafeteria serves lunch from twelve to two. Meals are subsidised; pay with your employee badge.",
  ],
  [
    "parking",
    "Parking",
    "Parking spaces are limited. Apply for a parking permit through the facilities team. Bicycle storage is in the basement.",
  ],
  [
    "training",
    "Learning budget",
    "Each employee has a yearly learning budget of one thousand euros for courses, books and conferences. Requests go through the LearnHub.",
  ],
  [
    "conduct",
    "Code of conduct",
    "We treat colleagues with respect. Harassment and discrimination are not tolerated. Report concerns to HR or the confidential hotline.",
  ],
  [
    "gifts",
    "Gifts and hospitality",
    "Gifts from suppliers above fifty euros must be declared in the gifts register. Cash gifts must always be refused.",
  ],
];

const QUESTIONS: [question: string, expected: string][] = [
  // exact terms
  ["EXP-204", "expenses"],
  ["GlobalProtect", "vpn"],
  ["LoreGuest network name", "wifi"],
  ["PayHub payslips", "payroll"],
  ["extension 4455", "security"],
  ["TravelDesk", "travel"],
  ["LearnHub requests", "training"],
  ["is the LoreCorp password posted somewhere", "wifi"],
  ["who do I call about a lost badge or device, extension 4455", "security"],
  // paraphrases: other word forms, typos, run-together words (some with no word the keyword side can match,
  // even after stemming: BM25 with stemming is strong, and these are what only the embedder's n-grams catch)
  ["how many weeks paternity maternity leave for new parents", "parental"],
  ["reimbusement of expnses", "expenses"],
  ["wifi passwords for staff", "wifi"],
  ["homeoffice alowance", "remote"],
  ["onboardingbuddy", "onboarding"],
  ["resignation notice", "offboarding"],
  ["pensions contribution matching", "pension"],
  ["supplier gift declared", "gifts"],
  ["how many days of annual leave per year", "leave"],
  ["doctors note after sick days", "sick"],
];

describe("hybrid retrieval quality on a labelled set", () => {
  it("hybrid recall@1 and @3 are at least each single retriever's (either fusion), and strictly above each at one cut-off (the default)", async () => {
    const source = `eval-${randomUUID()}`;
    const idOf = new Map<string, string>();
    for (const [externalId, title, text] of CORPUS) {
      const r = await indexDocument(db.prisma, { source, doc: markdownDoc(externalId, title, text) }, { embedder });
      idOf.set(r.documentId, externalId);
    }
    const recall: Record<string, { r1: number; r3: number }> = {};
    // The single retrievers, and hybrid with each fusion at its default weight with the hashing embedder (given
    // here, so that LORE_SEARCH_* in the environment cannot change what is tested).
    const weights = { relative_score: HASHING_VECTOR_WEIGHT, rrf: 0.5 };
    const runs = [
      ...MODES.filter((m) => m !== "hybrid").map((mode) => ({ name: mode, mode })),
      ...FUSIONS.map((fusion) => ({ name: `hybrid/${fusion}`, mode: "hybrid" as const, fusion, vectorWeight: weights[fusion] })),
    ];
    for (const run of runs) {
      let hits1 = 0;
      let hits3 = 0;
      for (const [question, expected] of QUESTIONS) {
        const params = {
          query: question,
          userId: null,
          mode: run.mode,
          k: 8,
          filters: { sources: [source] },
          ...("fusion" in run ? { fusion: run.fusion, vectorWeight: run.vectorWeight } : {}),
        };
        const results = await search(db.prisma, params, { embedder });
        // Document-level recall: the first k distinct documents, each ranked by its best chunk.
        const ranked = [...new Set(results.map((r) => idOf.get(r.documentId)))];
        if (ranked.slice(0, 1).includes(expected)) hits1++;
        if (ranked.slice(0, 3).includes(expected)) hits3++;
      }
      recall[run.name] = { r1: hits1 / QUESTIONS.length, r3: hits3 / QUESTIONS.length };
    }
    console.info(`recall on ${QUESTIONS.length} questions / ${CORPUS.length} documents: ${JSON.stringify(recall)}`);
    for (const fusion of FUSIONS) {
      const h = recall[`hybrid/${fusion}`]!;
      for (const single of ["vector", "fulltext"] as const) {
        expect(h.r1, `hybrid/${fusion} vs ${single} @1`).toBeGreaterThanOrEqual(recall[single]!.r1);
        expect(h.r3, `hybrid/${fusion} vs ${single} @3`).toBeGreaterThanOrEqual(recall[single]!.r3);
      }
    }
    // With the default fusion, hybrid is strictly better than EACH retriever on at least one cut-off (the brief asks
    // for one): full-text misses the typo/run-together questions at @1, the vector side ranks a code question's
    // page low. (Plain RRF only ties the vector side here: it lets a middling vector candidate pass a clear keyword
    // winner, which is why relative score fusion is the default.)
    const h = recall["hybrid/relative_score"]!;
    for (const single of ["vector", "fulltext"] as const) {
      expect(h.r1 > recall[single]!.r1 || h.r3 > recall[single]!.r3, `hybrid/relative_score vs ${single}`).toBe(true);
    }
  });
});

describe("fusion settings", () => {
  it("apply to hybrid only: a single retriever's results and scores are the same under every fusion and weight", async () => {
    const source = `fusion-${randomUUID()}`;
    for (const [externalId, title, text] of CORPUS.slice(0, 8))
      await indexDocument(db.prisma, { source, doc: markdownDoc(externalId, title, text) }, { embedder });
    const run = (mode: SearchMode, fusion: FusionMethod, vectorWeight: number) =>
      search(
        db.prisma,
        { query: "paid leave days for parents", userId: null, mode, k: 6, fusion, vectorWeight, filters: { sources: [source] } },
        { embedder },
      );
    for (const mode of ["vector", "fulltext"] as const) {
      const reference = await run(mode, "relative_score", 0.35);
      expect(reference.length).toBeGreaterThan(1);
      expect(reference[0]!.scores.fused).toBe(1); // its best candidate, scaled to [0, 1]
      expect(await run(mode, "rrf", 0.35)).toEqual(reference);
      expect(await run(mode, "relative_score", 0)).toEqual(reference);
    }
    // In hybrid the method does matter: RRF scores are Σ weight / (60 + rank), at most 1/61.
    const rrf = await run("hybrid", "rrf", 0.5);
    expect(rrf[0]!.scores.fused).toBeLessThanOrEqual(1 / 61);
    expect((await run("hybrid", "relative_score", 0.5))[0]!.scores.fused).toBeGreaterThan(1 / 61);
    await expect(run("hybrid", "relative_score", 1.5)).rejects.toThrow(/vectorWeight must be between 0 and 1/);
  });
});

describe("filters and result shape", () => {
  it("filters by source, tags and update time, and returns citation-ready results", async () => {
    const run = randomUUID().slice(0, 8);
    const text = (n: string) => `Shared filterword paragraph for document ${n}.`;
    const a = await indexDocument(
      db.prisma,
      { source: `wiki-${run}`, doc: markdownDoc("a", "Doc A", text("a"), { url: "https://wiki/a" }), tags: ["hr"] },
      { embedder },
    );
    const b = await indexDocument(
      db.prisma,
      { source: `wiki-${run}`, doc: markdownDoc("b", "Doc B", text("b")), tags: ["it", "security"] },
      { embedder },
    );
    const c = await indexDocument(
      db.prisma,
      { source: `files-${run}`, doc: markdownDoc("c", "Doc C", text("c")), tags: ["hr"] },
      { embedder },
    );
    await db.prisma.$executeRaw`UPDATE documents SET updated_at = '2020-01-01T00:00:00Z' WHERE id = ${c.documentId}`;

    const ids = async (filters: Parameters<typeof search>[1]["filters"], mode: SearchMode = "hybrid") =>
      new Set((await search(db.prisma, { query: "filterword", userId: null, mode, filters }, { embedder })).map((r) => r.documentId));
    const all = [`wiki-${run}`, `files-${run}`];
    for (const mode of MODES) {
      expect(await ids({ sources: all }, mode)).toEqual(new Set([a.documentId, b.documentId, c.documentId]));
      expect(await ids({ sources: [`wiki-${run}`] }, mode)).toEqual(new Set([a.documentId, b.documentId]));
      expect(await ids({ sources: all, tags: ["hr"] }, mode)).toEqual(new Set([a.documentId, c.documentId]));
      expect(await ids({ sources: all, tags: ["security", "nope"] }, mode)).toEqual(new Set([b.documentId]));
      expect(await ids({ sources: all, updatedBefore: new Date("2021-01-01") }, mode)).toEqual(new Set([c.documentId]));
      expect(await ids({ sources: all, updatedAfter: new Date("2021-01-01") }, mode)).toEqual(new Set([a.documentId, b.documentId]));
    }

    const [top] = await search(
      db.prisma,
      { query: "filterword document a", userId: null, filters: { sources: [`wiki-${run}`], tags: ["hr"] } },
      { embedder },
    );
    expect(top).toMatchObject({ documentId: a.documentId, versionId: a.versionId, title: "Doc A", url: "https://wiki/a", rank: 1 });
    expect(top!.text).toContain("filterword");
    expect(top!.scores.fused).toBeGreaterThan(0);
    expect(top!.scores.vector).toBeGreaterThan(0);
    expect(top!.scores.fulltext).toBeGreaterThan(0);
    // A NUL (which PostgreSQL text cannot hold) separates words like a space, in every mode.
    for (const mode of MODES) {
      const [hit] = await search(
        db.prisma,
        { query: "filterword\u0000document a", userId: null, mode, filters: { sources: [`wiki-${run}`] } },
        { embedder },
      );
      expect(hit?.documentId).toBe(a.documentId);
    }
  });

  it("passes results through the reranker but never lets it add chunks", async () => {
    const source = `rr-${randomUUID()}`;
    for (const n of ["one", "two", "three"])
      await indexDocument(db.prisma, { source, doc: markdownDoc(n, `Rerank ${n}`, `rerankword ${n}`) }, { embedder });
    const results = await search(
      db.prisma,
      {
        query: "rerankword",
        userId: null,
        k: 2,
        filters: { sources: [source] },
        rerank: async (_q, rs) => [{ ...rs[0]!, chunkId: "injected" }, ...[...rs].reverse()],
      },
      { embedder },
    );
    expect(results).toHaveLength(2);
    expect(results.map((r) => r.chunkId)).not.toContain("injected");
    expect(results.map((r) => r.rank)).toEqual([1, 2]);
  });
});

describe("vector scan settings", () => {
  it("runs on the server's defaults when they suffice for the index, and sets them per query when they do not", async () => {
    const source = `ivf-${randomUUID()}`;
    for (const n of ["car park", "bicycle rack", "parking permit"]) {
      await indexDocument(
        db.prisma,
        { source, doc: markdownDoc(n, `About the ${n}`, `Everything about the ${n} at the office.`) },
        { embedder },
      );
    }
    const params = { query: "renew a parking permit", userId: null, filters: { sources: [source] } };
    const statements: string[] = [];
    // Each client reads the server's defaults once, and what it read of the index for a minute: a new one per case.
    const watched = () => createPrismaClient(db.url, { onQuery: (e) => statements.push(e.query) });
    const setsLocally = () => statements.some((q) => q.includes("set_config('ivfflat.probes'"));
    const run = async (expectLocal: boolean) => {
      const client = watched();
      statements.length = 0;
      try {
        const results = await search(client, params, { embedder });
        expect(results[0]?.title).toBe("About the parking permit");
        expect(setsLocally()).toBe(expectLocal);
        return await vectorScanDefaults(client);
      } finally {
        await client.$disconnect();
      }
    };

    try {
      // No index (too few rows for one): nothing to set on the embedded server, whose defaults include the
      // iterative scan (a PostgreSQL server without the README's settings always sets it).
      expect(await readVectorIndex(db.prisma, embedder.dimensions)).toBeNull();
      await run(!db.embedded);

      // An index whose lists want fewer probes than the embedded server's defaults give: nothing set either
      // (a PostgreSQL server starts with pgvector's own: 1 probe, no iterative scan).
      await buildVectorIndex(db.prisma, embedder.dimensions, 4);
      expect(vectorDefaultsSuffice(await run(!db.embedded), ivfProbes(4))).toBe(db.embedded);

      // One that wants more (400 lists: 27 probes): set locally, same results.
      await buildVectorIndex(db.prisma, embedder.dimensions, 400);
      expect(vectorDefaultsSuffice(await run(true), ivfProbes(400))).toBe(false);

      // A server without the iterative scan by default (here the shared embedded session with it switched off):
      // set per query, same results.
      await buildVectorIndex(db.prisma, embedder.dimensions, 4);
      await db.prisma.$executeRaw`SET ivfflat.iterative_scan = off`;
      expect(await run(true)).toMatchObject({ iterativeScan: "off" });

      // What is set comes from the index as it is now, not as a process last saw it: a client that read the
      // 4-list index, searching after it was rebuilt with more lists, sets what the new one wants (the SQL
      // computes the same rule as ivfProbes / ivfMaxProbes).
      const stale = watched();
      try {
        await search(stale, params, { embedder });
        for (const lists of [130, 400, 1]) {
          await buildVectorIndex(db.prisma, embedder.dimensions, lists);
          const settings = await withVectorScanSettings(
            stale,
            embedder.dimensions,
            (q) =>
              q.$queryRaw<{ probes: string; max: string; iterative: string }[]>`
              SELECT current_setting('ivfflat.probes') AS probes, current_setting('ivfflat.max_probes') AS max, current_setting('ivfflat.iterative_scan') AS iterative`,
          );
          expect(settings[0], `${lists} lists`).toEqual({
            probes: String(ivfProbes(lists)),
            max: String(ivfMaxProbes(lists)),
            iterative: "relaxed_order",
          });
        }
      } finally {
        await stale.$disconnect();
      }
    } finally {
      await db.prisma.$executeRaw`RESET ivfflat.iterative_scan`;
      await db.prisma.$executeRawUnsafe(`DROP INDEX IF EXISTS "${vectorIndexName(embedder.dimensions)}"`);
    }
  });
});

describe("vectors in pgvector's binary format", () => {
  it("reads vector_send's output exactly as the text format, and rejects truncated input", async () => {
    const rand = prng(7);
    const v = Array.from({ length: 384 }, () => rand() * 2 - 1);
    const [row] = await db.prisma.$queryRaw<{ bin: Uint8Array; txt: string }[]>`
      SELECT vector_send(${pgvector.toSql(v)}::vector) AS bin, ${pgvector.toSql(v)}::vector::text AS txt`;
    // The text form prints each float4 in its shortest decimal, which reads back as the same float4.
    expect(Array.from(vectorFromBinary(row!.bin))).toEqual(Array.from(Float32Array.from(pgvector.fromSql(row!.txt) as number[])));
    expect(Math.max(...Array.from(vectorFromBinary(row!.bin), (x, i) => Math.abs(x - v[i]!)))).toBeLessThan(1e-6);
    expect(() => vectorFromBinary(row!.bin.subarray(0, 100))).toThrow(RangeError);
    expect(() => vectorFromBinary(new Uint8Array(2))).toThrow(RangeError);
  });
});
