/**
 * The lock that orders publishing a version and a re-embedding's switch (knowledge-base/embedding-models/model-chunks.ts
 * `activeModelChunksComplete`, knowledge-base/embedding-models/reembed.ts `trySwitch`), run with the real switch: a publish that comes after
 * the switch must see the new active model, and be refused unless the version has that model's chunk at every
 * position. On a PostgreSQL server (LORE_TEST_DATABASE_URL) the publish's statement is sent while the switch holds
 * its locks, and must wait for it; the embedded server runs one transaction at a time, so there it follows the
 * switch's commit.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { getActiveEmbedder, readEmbeddingModels } from "../knowledge-base/embedding-models/models";
import { activeModelChunksComplete } from "../knowledge-base/embedding-models/model-chunks";
import { acceptingQueue, hashing } from "../testing/embedding-models";
import { addSyntheticRows } from "../testing/synthetic-rows";
import { runReembedJob, startReembedding } from "../knowledge-base";

const onServer = Boolean(process.env.LORE_TEST_DATABASE_URL);

const db = useTestDatabase();
beforeAll(async () => {
  await getActiveEmbedder(db.prisma, { config: hashing(384) }); // records hashing-v1-384 as the active model
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether, within 5 s, a statement of another connection that contains `text` waits for a lock (server only). */
async function waitsForLock(text: string): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    const [row] = await db.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND strpos(query, ${text}) > 0`;
    if (row!.n > 0) return true;
    await sleep(100);
  }
  return false;
}

/** Whether the publish's condition lets `versionId` through, asked on its own connection (outside any transaction). */
async function publishable(versionId: string): Promise<boolean> {
  const [row] = await db.prisma.$queryRaw<{ ok: boolean }[]>`SELECT ${activeModelChunksComplete(versionId)} AS ok`;
  return row!.ok;
}

/**
 * A version of 4 chunks of the active model (`from`), which also has the chunks of the model being built (`to`)
 * at `positions` of its ordinals; then the re-embedding to `to` runs and switches, with the publish's condition
 * asked just after the switch updated the models (still inside its transaction). Returns the condition's answer.
 */
async function publishAcrossSwitch(from: number, to: number, positions: number[]): Promise<boolean> {
  const { versionId } = await addSyntheticRows(db.prisma, 4, from, `hashing-v1-${from}`);
  const started = await startReembedding(db.prisma, { config: hashing(to), queue: acceptingQueue });
  if (started.status !== "started") throw new Error(`not started: ${started.status}`);
  await db.prisma.$executeRaw`
    INSERT INTO chunks (id, document_id, document_version_id, ordinal, text, token_count, embedding, embedding_model, embedding_dims)
    SELECT gen_random_uuid()::text, c.document_id, c.document_version_id, c.ordinal, c.text, c.token_count,
           (SELECT array_agg(random() - 0.5) FROM generate_series(1, ${to}) WHERE c.ordinal > 0)::vector, ${`hashing-v1-${to}`}, ${to}
    FROM chunks c WHERE c.document_version_id = ${versionId} AND c.ordinal = ANY(${positions}::int[])`;

  let asked: Promise<boolean> | undefined;
  let waited: boolean | undefined;
  // The switch retires the old model and activates the new one (embeddingModel.update, in its transaction).
  const switching = db.prisma.$extends({
    query: {
      embeddingModel: {
        async update({ args, query }) {
          const result = await query(args);
          if (onServer && asked === undefined) {
            asked = publishable(versionId);
            // The switch's lock holds it back.
            waited = await waitsForLock("FOR SHARE OF m");
          }
          return result;
        },
      },
    },
  }) as unknown as typeof db.prisma;
  expect(await runReembedJob(switching, started.jobId, { config: hashing(to) })).toEqual({ status: "succeeded" });
  expect((await readEmbeddingModels(db.prisma)).active?.id).toBe(`hashing-v1-${to}`);
  if (onServer) expect(waited).toBe(true);
  return asked ?? publishable(versionId);
}

describe("publishing a version while the embedding model switches", () => {
  it("is refused unless the version has the new active model's chunk at every position", async () => {
    expect(await publishAcrossSwitch(384, 256, [])).toBe(false);
    expect(await publishAcrossSwitch(256, 192, [1])).toBe(false);
    expect(await publishAcrossSwitch(192, 128, [1, 2, 3, 4])).toBe(true);
  });

  it.runIf(onServer)("a publish that goes first holds the switch back until it commits, and the switch then sees its version", async () => {
    const active = (await readEmbeddingModels(db.prisma)).active!;
    const from = active.dimensions;
    const { documentId, versionId } = await addSyntheticRows(db.prisma, 4, from, active.id);
    const started = await startReembedding(db.prisma, { config: hashing(96), queue: acceptingQueue });
    if (started.status !== "started") throw new Error(`not started: ${started.status}`);
    let job: Promise<unknown> | undefined;
    let held: boolean | undefined;
    await db.prisma.$transaction(async (tx) => {
      const published = await tx.$executeRaw`
        UPDATE documents SET current_version_id = ${versionId} WHERE id = ${documentId} AND ${activeModelChunksComplete(versionId)}`;
      expect(published).toBe(1);
      // The job embeds the current versions (not this one: it is not committed yet), then tries to switch.
      job = runReembedJob(db.prisma, started.jobId, { config: hashing(96) });
      held = await waitsForLock("FOR UPDATE");
    });
    expect(held).toBe(true);
    expect(await job).toEqual({ status: "succeeded" });
    // The switch found the version current without its chunks, embedded them in one more pass, then switched.
    const [row] = await db.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM chunks WHERE document_version_id = ${versionId} AND embedding_model = 'hashing-v1-96'`;
    expect(row!.n).toBe(4);
    expect((await readEmbeddingModels(db.prisma)).active?.id).toBe("hashing-v1-96");
  });
});
