/**
 * Which embedding model serves search: the ACTIVE model, stored in the database (`embedding_models`), as
 * opposed to the CONFIGURED one (the EMBEDDING_* settings).
 *
 * They differ after an admin changes the settings: the stored vectors were made by the old model, and a
 * query embedded by the new one cannot be compared with them. So search and ingestion always use the
 * active model ({@link getActiveEmbedder}) while a re-embedding job (knowledge-base/embedding-models/reembed.ts) builds the configured
 * model's vectors beside the old ones and, once they are complete, makes it the active one.
 *
 * To embed queries with the active model when the settings now describe another, its embedder is rebuilt
 * from what the `embedding_models` row remembers (`provider`, `dimensions`, `settings`) plus the current
 * settings for what is never stored (API key, batch size, timeouts):
 *   - hashing: from its dimensions alone (the algorithm is in the code; its version is in the id);
 *   - openai:  same server (EMBEDDING_BASE_URL) and key, the old model name and dimensions;
 *   - local:   the old model folder, if it is still there.
 * When that is impossible (the OpenAI-compatible server changed, the provider is no longer configured),
 * the error says so, and what to do, instead of searching the wrong vectors.
 */
import type { Prisma, PrismaClient } from "@lore/db";
import { createEmbedder, parseEmbeddingConfig, type EmbeddingConfig, type ResolvedEmbeddingConfig } from "../../embed/config";
import { getDefaultEmbedder } from "../../embed/default";
import { loadEmbeddingConfig } from "../../embed/env";
import { createHashingEmbedder } from "../../embed/hashing";
import { createLocalModelEmbedder } from "../../embed/local";
import { OpenAIEmbedder, createOpenAIEmbedder } from "../../embed/openai";
import { EmbeddingError, type Embedder } from "../../embed/types";

type Db = PrismaClient | Prisma.TransactionClient;

export type EmbeddingModelState = "active" | "building" | "retired";

/** An `embedding_models` row: a model whose vectors are (or are being) stored in `chunks`. */
export interface EmbeddingModelRecord {
  id: string;
  dimensions: number;
  provider: string;
  settings: Prisma.JsonValue;
  state: string;
  jobId: string | null;
}

/** What identifies a model and rebuilds its embedder: stored in `embedding_models` (never a key). */
export interface EmbeddingModelSpec {
  id: string;
  dimensions: number;
  provider: string;
  settings: Prisma.InputJsonObject;
}

/** The configured model: the settings (validated) and the embedder they build. */
export interface ConfiguredEmbedding {
  config: ResolvedEmbeddingConfig;
  embedder: Embedder;
}

export interface EmbeddingSettingsOptions {
  /** The configured settings; default: the EMBEDDING_* variables (tests pass their own). */
  config?: EmbeddingConfig;
}

const cache = globalThis as typeof globalThis & { __loreEmbedders?: Map<string, Promise<Embedder>> };
const embedders = (cache.__loreEmbedders ??= new Map<string, Promise<Embedder>>());

/** Builds an embedder once per process and key; a failure is not cached (fixed settings work without a restart). */
function cached(key: string, build: () => Promise<Embedder>): Promise<Embedder> {
  let embedder = embedders.get(key);
  if (!embedder) {
    embedder = build();
    embedders.set(key, embedder);
    embedder.catch(() => embedders.delete(key));
  }
  return embedder;
}

/** The configured settings and embedder: the EMBEDDING_* variables, or `options.config`. */
export async function getConfiguredEmbedding(options: EmbeddingSettingsOptions = {}): Promise<ConfiguredEmbedding> {
  if (options.config === undefined) return { config: parseEmbeddingConfig(loadEmbeddingConfig()), embedder: await getDefaultEmbedder() };
  const config = parseEmbeddingConfig(options.config);
  return { config, embedder: await cached(`configured:${JSON.stringify(config)}`, () => createEmbedder(config)) };
}

function normalizeBaseURL(url: string | undefined): string {
  return (url?.trim() || "https://api.openai.com/v1").replace(/\/+$/, "");
}

/** How `embedder` (built from `config`) is recorded in `embedding_models`. */
export function describeEmbedder({ config, embedder }: ConfiguredEmbedding): EmbeddingModelSpec {
  const base = { id: embedder.id, dimensions: embedder.dimensions, provider: config.provider };
  switch (config.provider) {
    case "hashing":
      return { ...base, settings: {} };
    case "openai": {
      const model = embedder instanceof OpenAIEmbedder ? embedder.model : config.model;
      const baseURL = embedder instanceof OpenAIEmbedder ? embedder.baseURL : normalizeBaseURL(config.baseURL);
      // Whether requests carried `dimensions` (the OpenAIEmbedder's own rule), so a rebuilt embedder asks the same.
      const sendDimensions = config.sendDimensions ?? (model.startsWith("text-embedding-3") && config.dimensions !== undefined);
      return { ...base, settings: { model, baseURL, sendDimensions } };
    }
    case "local":
      return { ...base, settings: { localDir: config.localDir, ...(config.model ? { model: config.model } : {}) } };
  }
}

function settingsOf(model: EmbeddingModelRecord): Record<string, unknown> {
  const s = model.settings;
  return s !== null && typeof s === "object" && !Array.isArray(s) ? (s as Record<string, unknown>) : {};
}

const str = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" ? value : undefined);

/** The role a model plays, for error messages. */
type Role = "active" | "target";

function notBuildable(model: EmbeddingModelRecord, role: Role, why: string): EmbeddingError {
  const advice =
    role === "active"
      ? "Search embeds questions with the active model until the re-embedding job has built the configured model's vectors and switched to them (progress: `pnpm lore reembed --status`). Until then, restore the previous EMBEDDING_* settings, or let the job finish."
      : "Fix the EMBEDDING_* settings, then restart the worker or run `pnpm lore reembed`.";
  return new EmbeddingError(
    "CONFIG",
    `The ${role === "active" ? "active" : "new"} embedding model "${model.id}" cannot be built from the current EMBEDDING_* settings: ${why}. ${advice}`,
  );
}

async function checked(model: EmbeddingModelRecord, role: Role, embedder: Embedder): Promise<Embedder> {
  if (embedder.id !== model.id || embedder.dimensions !== model.dimensions) {
    throw notBuildable(
      model,
      role,
      `the settings build "${embedder.id}" with ${embedder.dimensions} dimensions instead of ${model.dimensions}`,
    );
  }
  return embedder;
}

/**
 * The embedder that makes `model`'s vectors: the configured one when it is that model, else one rebuilt from
 * the row's settings (see the file comment). Cached per process.
 */
export async function embedderForModel(
  model: EmbeddingModelRecord,
  configured: ConfiguredEmbedding | null,
  role: Role = "active",
): Promise<Embedder> {
  // null: the settings are invalid; what can be rebuilt from the row alone (hashing, a local folder) still is.
  const config: ResolvedEmbeddingConfig | { provider: null } = configured?.config ?? { provider: null };
  if (configured && configured.embedder.id === model.id && configured.embedder.dimensions === model.dimensions) return configured.embedder;
  const settings = settingsOf(model);
  const key = `model:${model.id}:${model.dimensions}:${JSON.stringify(settings)}:${JSON.stringify(config)}`;
  switch (model.provider) {
    case "hashing":
      return checked(
        model,
        role,
        await cached(`hashing:${model.dimensions}`, async () => createHashingEmbedder({ dimensions: model.dimensions })),
      );
    case "openai": {
      if (config.provider !== "openai") {
        const now = config.provider === null ? "the EMBEDDING_* settings are invalid" : `EMBEDDING_PROVIDER is now "${config.provider}"`;
        throw notBuildable(
          model,
          role,
          `it is served by an OpenAI-compatible server, and ${now} (its URL and key are no longer configured)`,
        );
      }
      const storedURL = str(settings.baseURL);
      const configuredURL = normalizeBaseURL(config.baseURL);
      if (storedURL !== undefined && storedURL !== configuredURL) {
        throw notBuildable(model, role, `it was served by ${storedURL}, and EMBEDDING_BASE_URL now points at ${configuredURL}`);
      }
      const name = str(settings.model) ?? model.id.replace(/^openai:/, "");
      const sendDimensions = typeof settings.sendDimensions === "boolean" ? settings.sendDimensions : config.sendDimensions;
      const options = { ...config, model: name, dimensions: model.dimensions, ...(sendDimensions === undefined ? {} : { sendDimensions }) };
      return checked(model, role, await cached(key, async () => createOpenAIEmbedder(options)));
    }
    case "local": {
      const localDir = str(settings.localDir) ?? (config.provider === "local" ? config.localDir : undefined);
      if (!localDir) throw notBuildable(model, role, "the folder of its model files is not known");
      const name = str(settings.model);
      const batchSize = config.provider === "local" ? config.batchSize : undefined;
      return checked(
        model,
        role,
        await cached(key, () =>
          createLocalModelEmbedder(localDir, { ...(name ? { model: name } : {}), ...(batchSize ? { batchSize } : {}) }),
        ),
      );
    }
    default:
      throw notBuildable(model, role, `Lore does not know its provider "${model.provider}"`);
  }
}

const MODEL_SELECT = { id: true, dimensions: true, provider: true, settings: true, state: true, jobId: true } as const;

/** The active model and the one being built (if any). */
export async function readEmbeddingModels(db: Db): Promise<{ active: EmbeddingModelRecord | null; building: EmbeddingModelRecord | null }> {
  const rows = await db.embeddingModel.findMany({ where: { state: { in: ["active", "building"] } }, select: MODEL_SELECT });
  return { active: rows.find((r) => r.state === "active") ?? null, building: rows.find((r) => r.state === "building") ?? null };
}

/**
 * The active model; on a fresh database (no active model yet) the configured one becomes active. Safe to race:
 * a partial unique index allows one active row, and the loser of a race reads the winner's.
 */
export async function ensureActiveModel(db: PrismaClient, configured: ConfiguredEmbedding): Promise<EmbeddingModelRecord> {
  const existing = await db.embeddingModel.findFirst({ where: { state: "active" }, select: MODEL_SELECT });
  if (existing) return existing;
  const spec = describeEmbedder(configured);
  const now = new Date();
  await db.embeddingModel.createMany({ data: [{ ...spec, state: "active", activatedAt: now }], skipDuplicates: true });
  const created = await db.embeddingModel.findFirst({ where: { state: "active" }, select: MODEL_SELECT });
  if (created) return created;
  // The configured model's row exists (an earlier build of it, or retired) but nothing is active: activate it.
  await db.embeddingModel.updateMany({
    where: { id: spec.id, state: { not: "active" } },
    data: { ...spec, state: "active", activatedAt: now, retiredAt: null, jobId: null },
  });
  return db.embeddingModel.findFirstOrThrow({ where: { state: "active" }, select: MODEL_SELECT });
}

/**
 * The embedder of the ACTIVE model — the one every search and every ingestion must use. Reads the database
 * each time (one small query), so a switch made by the re-embedding job applies to the next call of every
 * process without a restart; the embedders themselves are built once per process.
 */
export async function getActiveEmbedder(db: PrismaClient, options: EmbeddingSettingsOptions = {}): Promise<Embedder> {
  const configured = await getConfiguredEmbedding(options).catch((error: unknown) => error as Error);
  if (!(configured instanceof Error)) return embedderForModel(await ensureActiveModel(db, configured), configured, "active");
  // Settings that cannot build the configured model must not take down search on the active one, when the
  // active model can be rebuilt without them; otherwise the settings' own error is the one to fix.
  const active = await db.embeddingModel.findFirst({ where: { state: "active" }, select: MODEL_SELECT });
  if (!active) throw configured;
  return embedderForModel(active, null, "active").catch(() => {
    throw configured;
  });
}
