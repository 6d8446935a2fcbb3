import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createHashingEmbedder } from "@lore/core/embed";
import { indexDocument } from "@lore/core/knowledge-base";
import { errorCode, useHarness } from "../../test/harness";

const h = useHarness();

describe("admin.embedding", () => {
  it("reports the active and configured models, and has nothing to re-embed when they are the same", async () => {
    const caller = await h.callerFor((await h.createUser("admin")).cookie);
    expect(await caller.admin.embedding.reembed()).toEqual({ status: "up-to-date", model: "hashing-v1-384" });
    expect(await caller.admin.embedding.status()).toMatchObject({
      active: { id: "hashing-v1-384", dimensions: 384 },
      configured: { id: "hashing-v1-384", dimensions: 384 },
      building: null,
      lastJob: null,
    });
  });

  it("is for admins only", async () => {
    const employee = await h.callerFor((await h.createUser()).cookie);
    expect(await errorCode(employee.admin.embedding.reembed())).toBe("FORBIDDEN");
    expect(await errorCode(employee.admin.embedding.status())).toBe("FORBIDDEN");
    expect(await errorCode((await h.callerFor()).admin.embedding.reembed())).toBe("UNAUTHORIZED");
  });

  it("search.debug embeds the question with the ACTIVE model, and says clearly when it cannot be built", async () => {
    const caller = await h.callerFor((await h.createUser("admin")).cookie);
    // As after a switch to 128 dimensions while EMBEDDING_* (unset here) still says 384.
    const embedder = createHashingEmbedder({ dimensions: 128 });
    await h.db.embeddingModel.updateMany({ where: { state: "active" }, data: { state: "retired" } });
    await h.db.embeddingModel.create({ data: { id: embedder.id, dimensions: 128, provider: "hashing", state: "active" } });
    await indexDocument(
      h.db,
      { source: "test", doc: { externalId: "kiwi", title: "Kiwi travel", mimeType: "text/markdown", text: "Kiwirail tickets." } },
      { embedder },
    );
    const found = await caller.admin.search.debug({ query: "kiwirail", mode: "vector" });
    expect(found.embedder).toBe("hashing-v1-128");
    expect(found.results.map((r) => r.title)).toEqual(["Kiwi travel"]);

    await h.db.embeddingModel.update({ where: { id: embedder.id }, data: { state: "retired" } });
    await h.db.embeddingModel.create({
      data: {
        id: "openai:nomic-embed-text",
        dimensions: 768,
        provider: "openai",
        settings: { baseURL: "http://ollama:11434/v1" },
        state: "active",
      },
    });
    const error = await caller.admin.search.debug({ query: "kiwirail" }).then(
      () => null,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(error).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(error?.message).toMatch(
      /active embedding model "openai:nomic-embed-text" cannot be built from the current EMBEDDING_\* settings/,
    );
  });

  it("search.debug says clearly when the embedding server refuses the question (a revoked key)", async () => {
    const caller = await h.callerFor((await h.createUser("admin")).cookie);
    // An OpenAI-compatible server that no longer accepts the key.
    const server = createServer((_req, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ error: { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" } }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    const env = {
      EMBEDDING_PROVIDER: "openai",
      EMBEDDING_MODEL: "revoked-model",
      EMBEDDING_DIMENSIONS: "16",
      EMBEDDING_BASE_URL: baseURL,
      EMBEDDING_API_KEY: "old-key",
    };
    const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
    Object.assign(process.env, env);
    try {
      await h.db.embeddingModel.updateMany({ where: { state: "active" }, data: { state: "retired" } });
      await h.db.embeddingModel.create({
        data: { id: "openai:revoked-model", dimensions: 16, provider: "openai", settings: { baseURL }, state: "active" },
      });
      const error = await caller.admin.search.debug({ query: "kiwirail" }).then(
        () => null,
        (e: unknown) => e as Error & { code?: string },
      );
      expect(error).toMatchObject({ code: "PRECONDITION_FAILED" });
      expect(error?.message).toMatch(/Check EMBEDDING_API_KEY/);
      expect(error?.message).not.toContain("old-key");
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
