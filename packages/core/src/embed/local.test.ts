import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createEmbedder } from "./config";
import { createLocalModelEmbedder } from "./local";
import { EmbeddingError } from "./types";

const scratch = await mkdtemp(join(tmpdir(), "lore-embed-local-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function failure(promise: Promise<unknown>): Promise<EmbeddingError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EmbeddingError);
  return error as EmbeddingError;
}

describe("createLocalModelEmbedder", () => {
  it("throws MODEL_MISSING naming the folder and the expected files when the directory does not exist", async () => {
    const dir = join(scratch, "no-such-model");
    const error = await failure(createLocalModelEmbedder(dir));
    expect(error.code).toBe("MODEL_MISSING");
    expect(error.message).toContain(dir);
    expect(error.message).toContain("does not exist");
    expect(error.message).toContain("EMBEDDING_LOCAL_DIR");
    expect(error.message).toContain("tokenizer.json");

    // The same through the configuration factory.
    expect((await failure(createEmbedder({ provider: "local", localDir: dir }))).code).toBe("MODEL_MISSING");
  });

  it("throws MODEL_MISSING listing the files a folder lacks", async () => {
    const dir = join(scratch, "incomplete");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "config.json"), JSON.stringify({ hidden_size: 384 }));
    const error = await failure(createLocalModelEmbedder(dir));
    expect(error.code).toBe("MODEL_MISSING");
    expect(error.message).toContain("lacks tokenizer.json, onnx/model.onnx");
  });
});
