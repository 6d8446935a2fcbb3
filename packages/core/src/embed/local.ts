import { access, readFile, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { EmbeddingError, type Embedder } from "./types";
import { normalizeInPlace } from "./vector";

/**
 * A transformers.js (ONNX) sentence-embedding model loaded from a local folder, for companies that cannot call an
 * API but can copy model files onto the server (e.g. a download of Xenova/multilingual-e5-small or
 * Xenova/bge-small-en-v1.5). Nothing is ever fetched from a model hub: remote models are switched off.
 *
 * `@huggingface/transformers` is an optional dependency (it brings onnxruntime, ~100 MB), so it is imported only
 * here, at run time, and only when this provider is configured.
 */

const TRANSFORMERS_PACKAGE = "@huggingface/transformers";
/** What transformers.js needs to run a model offline (fp32 weights are `onnx/model.onnx`). */
export const LOCAL_MODEL_FILES = ["config.json", "tokenizer.json", join("onnx", "model.onnx")] as const;

export interface LocalModelEmbedderOptions {
  /** Name recorded in the id (`local:<model>`); default: the folder's name. */
  model?: string;
  /** How token vectors become one text vector: "mean" (sentence-transformers, e5) or "cls" (BGE). Default "mean". */
  pooling?: "mean" | "cls";
  /** Texts per forward pass. Default 16. */
  batchSize?: number;
}

/** The part of transformers.js used here. */
interface TransformersModule {
  env: { allowRemoteModels: boolean; allowLocalModels: boolean; localModelPath: string };
  pipeline(
    task: "feature-extraction",
    model: string,
    options?: Record<string, unknown>,
  ): Promise<
    (texts: string[], options: { pooling: "mean" | "cls"; normalize: boolean }) => Promise<{ dims: number[]; tolist(): number[][] }>
  >;
}

export async function createLocalModelEmbedder(dir: string, options: LocalModelEmbedderOptions = {}): Promise<Embedder> {
  const root = resolve(dir);
  const help = `EMBEDDING_LOCAL_DIR must be a folder holding a transformers.js model (${LOCAL_MODEL_FILES.join(", ")}); or use EMBEDDING_PROVIDER=hashing, which needs no model files.`;

  const info = await stat(root).catch(() => undefined);
  if (!info) throw new EmbeddingError("MODEL_MISSING", `The local embedding model folder ${root} does not exist. ${help}`);
  if (!info.isDirectory()) throw new EmbeddingError("MODEL_MISSING", `${root} is not a folder. ${help}`);
  const missing: string[] = [];
  for (const file of LOCAL_MODEL_FILES) {
    await access(join(root, file)).catch(() => missing.push(file));
  }
  if (missing.length > 0)
    throw new EmbeddingError("MODEL_MISSING", `The local embedding model folder ${root} lacks ${missing.join(", ")}. ${help}`);

  let config: { hidden_size?: unknown };
  try {
    config = JSON.parse(await readFile(join(root, "config.json"), "utf8")) as { hidden_size?: unknown };
  } catch (cause) {
    throw new EmbeddingError("MODEL_MISSING", `${join(root, "config.json")} is not valid JSON. ${help}`, { cause });
  }
  const dimensions = config.hidden_size;
  if (typeof dimensions !== "number" || !Number.isInteger(dimensions) || dimensions <= 0) {
    throw new EmbeddingError("MODEL_MISSING", `${join(root, "config.json")} has no "hidden_size": is this a text embedding model?`);
  }

  let transformers: TransformersModule;
  try {
    // A computed specifier keeps TypeScript and bundlers from requiring the optional package at build time.
    transformers = (await import(/* @vite-ignore */ /* webpackIgnore: true */ TRANSFORMERS_PACKAGE)) as TransformersModule;
  } catch (cause) {
    throw new EmbeddingError(
      "CONFIG",
      `EMBEDDING_PROVIDER=local needs the optional package ${TRANSFORMERS_PACKAGE}, which is not installed. Run \`pnpm add ${TRANSFORMERS_PACKAGE}\` in packages/core, or use EMBEDDING_PROVIDER=hashing.`,
      { cause },
    );
  }
  // Process-wide settings of transformers.js: offline only, models resolved as <localModelPath>/<name>.
  transformers.env.allowRemoteModels = false;
  transformers.env.allowLocalModels = true;
  transformers.env.localModelPath = dirname(root);

  let extract: Awaited<ReturnType<TransformersModule["pipeline"]>>;
  try {
    extract = await transformers.pipeline("feature-extraction", basename(root), { dtype: "fp32" });
  } catch (cause) {
    throw new EmbeddingError(
      "MODEL_MISSING",
      `Could not load the model in ${root}: ${cause instanceof Error ? cause.message : String(cause)}. ${help}`,
      { cause },
    );
  }

  const pooling = options.pooling ?? "mean";
  const batchSize = Math.max(1, options.batchSize ?? 16);
  const embedDocuments = async (texts: string[]): Promise<number[][]> => {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += batchSize) {
      const batch = texts.slice(i, i + batchSize);
      const vectors = (await extract(batch, { pooling, normalize: true })).tolist();
      if (vectors.length !== batch.length) {
        throw new EmbeddingError("BAD_RESPONSE", `The model in ${root} returned ${vectors.length} vectors for ${batch.length} texts.`);
      }
      vectors.forEach((vector, j) => {
        if (vector.length !== dimensions) {
          throw new EmbeddingError(
            "DIMENSION_MISMATCH",
            `The model in ${root} produced ${vector.length}-dimensional vectors, but its config.json says ${dimensions}.`,
          );
        }
        // Keep the Embedder contract for empty text (the model would embed the bare special tokens).
        out.push(batch[j]!.trim() === "" ? new Array<number>(dimensions).fill(0) : normalizeInPlace(vector));
      });
    }
    return out;
  };

  return {
    id: `local:${options.model ?? basename(root)}`,
    dimensions,
    embedDocuments,
    embedQuery: async (text) => (await embedDocuments([text]))[0]!,
  };
}
