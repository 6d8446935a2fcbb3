// GET /api/exports/{audit,finetune} through the handlers the admin app's routes export, with real requests, the
// real auth and a real database.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@lore/core/audit";
import { useHarness } from "../../test/harness";
import { createAuditCsvHandler, createFinetuneHandler } from ".";

const ADMIN_URL = "http://localhost:3001";
const h = useHarness();
let auditCsv: (request: Request) => Promise<Response>;
let finetune: (request: Request) => Promise<Response>;
beforeAll(() => {
  auditCsv = createAuditCsvHandler({ auth: h.auth, origin: ADMIN_URL, db: h.db });
  finetune = createFinetuneHandler({ auth: h.auth, origin: ADMIN_URL, db: h.db });
});

function get(path: string, { cookie, site = "same-origin" }: { cookie?: string; site?: string | null } = {}) {
  const headers = new Headers();
  if (cookie) headers.set("cookie", cookie);
  if (site) headers.set("sec-fetch-site", site);
  return new Request(`${ADMIN_URL}${path}`, { headers });
}

describe("GET /api/exports/audit", () => {
  it("refuses the signed out (401), employees and other sites (403), bad filters (400)", async () => {
    const employee = await h.createUser();
    const admin = await h.createUser("admin");
    expect((await auditCsv(get("/api/exports/audit"))).status).toBe(401);
    expect((await auditCsv(get("/api/exports/audit", { cookie: employee.cookie }))).status).toBe(403);
    expect((await auditCsv(get("/api/exports/audit", { cookie: admin.cookie, site: "cross-site" }))).status).toBe(403);
    const bad = await auditCsv(get("/api/exports/audit?from=yesterday", { cookie: admin.cookie }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain("from");
  });

  it("streams the filtered log as CSV, formula cells made inert, and audits the export", async () => {
    const admin = await h.createUser("admin");
    // A target id that a spreadsheet would run, and details with a comma and quotes.
    await recordAudit(h.db, { actor: admin, action: "group.created", targetType: "group", targetId: "=cmd|' /C calc'!A0" });
    await (await h.callerFor(admin.cookie)).admin.groups.create({ name: `csv-${Date.now()}` });
    const response = await auditCsv(get(`/api/exports/audit?action=group.&actorId=${admin.id}`, { cookie: admin.cookie }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="lore-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await response.text();
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("id,at,action,actor_id,actor_email,target_type,target_id,ip,data");
    expect(lines).toHaveLength(4); // header, two entries, the empty string after the last CRLF
    expect(lines[1]).toContain(`,group.created,${admin.id},${admin.email},group,`);
    expect(lines[1]).toMatch(/,"\{""name"":""csv-\d+""/);
    expect(lines[2]).toContain(`,group,'=cmd|' /C calc'!A0,`);
    expect(await h.db.auditLog.findFirst({ where: { action: "export.audit_csv", actorId: admin.id } })).toMatchObject({
      data: { actions: ["group."], actorId: admin.id },
    });
  });
});

describe("GET /api/exports/finetune", () => {
  it("refuses the signed out (401), employees (403) and bad options (400)", async () => {
    const employee = await h.createUser();
    const admin = await h.createUser("admin");
    const path = "/api/exports/finetune?file=train&seed=s&ratio=0.2";
    expect((await finetune(get(path))).status).toBe(401);
    expect((await finetune(get(path, { cookie: employee.cookie }))).status).toBe(403);
    expect((await finetune(get(path, { cookie: admin.cookie, site: "same-site" }))).status).toBe(403);
    expect((await finetune(get("/api/exports/finetune?file=all&seed=s&ratio=0.2", { cookie: admin.cookie }))).status).toBe(400);
    expect((await finetune(get("/api/exports/finetune?file=train&seed=s&ratio=x", { cookie: admin.cookie }))).status).toBe(400);
  });

  it("streams the two files of the split as JSONL, together every enabled example once, and audits each download", async () => {
    const admin = await h.createUser("admin");
    const ids = Array.from({ length: 12 }, () => randomUUID());
    for (const [i, id] of ids.entries())
      await h.db.fewShotExample.create({ data: { id, question: `Question ${i}?`, answer: `Answer ${i}.` } });
    const files: Record<string, string[]> = {};
    for (const file of ["train", "validation"]) {
      const response = await finetune(get(`/api/exports/finetune?file=${file}&seed=lore&ratio=0.3`, { cookie: admin.cookie, site: null }));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${file}.jsonl"`);
      files[file] = (await response.text()).split("\n").filter(Boolean);
    }
    const records = [...files.train!, ...files.validation!].map(
      (line) => JSON.parse(line) as { messages: { role: string; content: string }[] },
    );
    const questions = records.map((r) => r.messages.find((m) => m.role === "user")!.content);
    for (let i = 0; i < ids.length; i++) expect(questions.filter((q) => q === `Question ${i}?`)).toHaveLength(1);
    expect(records.every((r) => r.messages.at(-1)!.role === "assistant")).toBe(true);
    expect(await h.db.auditLog.count({ where: { action: "export.finetune", actorId: admin.id } })).toBe(2);

    // The preview counts the same records.
    const preview = await (
      await h.callerFor(admin.cookie)
    ).admin.exports.finetunePreview({
      seed: "lore",
      validationRatio: 0.3,
      withSources: false,
    });
    expect(preview.train.records).toBe(files.train!.length);
    expect(preview.validation.records).toBe(files.validation!.length);
  });
});
