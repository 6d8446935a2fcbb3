// The per-file upload limit is a setting: here LORE_MAX_FILE_MB=30, above the 25 MB default. Uploads go through
// the HTTP handler the apps mount (tRPC's fetch adapter), so request bodies of ~35-41 MB of base64 are real.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getJobQueue, unregisterJobQueue } from "@lore/core/queue";
import { appRouter, createTRPCContext } from "..";
import { useHarness } from "../../test/harness";
import { uploadDocumentsInput } from "../schemas";

vi.hoisted(() => {
  vi.stubEnv("LORE_MAX_FILE_MB", "30");
});

const MB = 1024 * 1024;

const h = useHarness();
let queue: Awaited<ReturnType<typeof getJobQueue>> | undefined;
beforeAll(async () => {
  // `documents.upload` enqueues on the queue registered for its Prisma client: a producer on the test database.
  queue = await getJobQueue(h.db, h.url);
});
afterAll(async () => {
  if (queue) {
    unregisterJobQueue(h.db);
    await queue.stop({ graceful: false });
  }
  vi.unstubAllEnvs();
});

interface TRPCErrorJson {
  message: string;
  data: { code: string; zodError: { formErrors: string[]; fieldErrors: Record<string, string[]> } | null };
}

/** POSTs a mutation through the tRPC fetch adapter, as the apps' /api/trpc route does. */
async function post(path: string, input: unknown, cookie: string): Promise<{ status: number; error?: TRPCErrorJson }> {
  const request = new Request(`http://localhost:3001/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ json: input }),
  });
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    req: request,
    createContext: () => createTRPCContext({ headers: request.headers, auth: h.auth, db: h.db }),
  });
  const body = (await response.json()) as { error?: { json: TRPCErrorJson } };
  return { status: response.status, ...(body.error ? { error: body.error.json } : {}) };
}

describe("the configured upload limit (LORE_MAX_FILE_MB=30)", () => {
  it("lets a 26 MB file (above the 25 MB default) through the HTTP handler and every size check", async () => {
    const admin = await h.createUser("admin");
    const big = Buffer.alloc(26 * MB, 97).toString("base64");
    // An unknown group is refused after the size checks and before anything is stored (storing ~35 MB on the
    // embedded test server would be slow; what is tested here is that nothing refuses the size).
    const { status, error } = await post(
      "documents.upload",
      { files: [{ name: "travel.txt", data: big }], groups: ["no-such-group"] },
      admin.cookie,
    );
    expect(status).toBe(400);
    expect(error?.message).toMatch(/^Unknown group: "no-such-group"/);
    expect(await h.db.ingestionJob.count()).toBe(0);
  });

  it("refuses a file above 30 MB with a message that names the file and the limit, and stores nothing", async () => {
    const admin = await h.createUser("admin");
    const big = Buffer.alloc(31 * MB, 97).toString("base64");
    const small = Buffer.from("hello").toString("base64");
    const { status, error } = await post(
      "documents.upload",
      {
        files: [
          { name: "small.txt", data: small },
          { name: "huge.txt", data: big },
        ],
      },
      admin.cookie,
    );
    expect(status).toBe(400);
    // What the admin console shows (apps/admin/src/lib/trpc-errors.ts): the first field message.
    expect(error?.data).toMatchObject({
      code: "BAD_REQUEST",
      zodError: { fieldErrors: { files: ['"huge.txt" is 31 MB, above the 30 MB limit per file.'] } },
    });
    expect(await h.db.ingestionJob.count()).toBe(0);
  });
});

describe("uploadDocumentsInput", () => {
  const limits = { maxFileBytes: 1 * MB, maxUploadBytes: 2 * MB, maxFiles: 3 };
  const file = (name: string, bytes: number) => ({ name, data: Buffer.alloc(bytes, 97).toString("base64") });
  const messages = (input: unknown) =>
    uploadDocumentsInput(limits)
      .safeParse(input)
      .error?.issues.map((i) => i.message) ?? [];

  it("names the limits it was built with", () => {
    expect(messages({ files: [file("a.txt", MB)] })).toEqual([]);
    expect(messages({ files: [file("a.txt", 10), file("b.txt", 1.2 * MB)] })).toEqual([
      '"b.txt" is 1.2 MB, above the 1 MB limit per file.',
    ]);
    expect(messages({ files: [file("a.txt", MB), file("b.txt", MB), file("c.txt", 10)] })).toEqual([
      "An upload can be at most 2 MB in total: send it in several batches.",
    ]);
    expect(messages({ files: [file("a", 1), file("b", 1), file("c", 1), file("d", 1)] })).toEqual([
      "At most 3 files per upload: put them in a .zip.",
    ]);
  });
});
