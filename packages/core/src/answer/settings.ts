/**
 * The settings one answer runs with: the active prompt configuration (versioned; every answer records the version)
 * with its JSON parts read through zod, so a hand-edited row cannot break answering: unknown or invalid values
 * fall back to the defaults below.
 */
import { z } from "zod";
import type { PrismaClient } from "@lore/db";

/**
 * Retrieval counts as "nothing found" — Lore answers "not found in the knowledge base" without calling a model —
 * when no passage shares the question's content words and the best vector similarity is below this. On clapnq it
 * never decides (every question shares words with some passage): there the extractive answerer's threshold does
 * (docs/evaluation.md, calibration).
 */
export const DEFAULT_REFUSAL_THRESHOLD = 0.2;

/**
 * With the extractive default, an example whose question is this close to the asked one (cosine of the question
 * vectors) answers it as written: a curated answer beats quoted sentences when the question is the same one.
 */
export const EXTRACTIVE_STANDARD_ANSWER_THRESHOLD = 0.9;

const retrievalSchema = z.object({
  enabled: z.boolean().default(true).catch(true),
  mode: z.enum(["hybrid", "vector", "fulltext"]).default("hybrid").catch("hybrid"),
  k: z.number().int().min(1).max(20).default(6).catch(6),
  refusalThreshold: z.number().min(0).max(1).default(DEFAULT_REFUSAL_THRESHOLD).catch(DEFAULT_REFUSAL_THRESHOLD),
  mmrLambda: z.number().min(0).max(1).optional().catch(undefined),
  /** How hybrid search fuses its retrievers, the vector side's weight and candidates per retriever (unset = search's defaults). */
  fusion: z.enum(["relative_score", "rrf"]).optional().catch(undefined),
  vectorWeight: z.number().min(0).max(1).optional().catch(undefined),
  candidates: z.number().int().min(1).max(200).optional().catch(undefined),
});

const budgetSchema = z.object({
  reservedAnswerTokens: z.number().int().min(64).optional().catch(undefined),
  safetyMargin: z.number().int().min(0).optional().catch(undefined),
  examplesEnabled: z.boolean().default(true).catch(true),
  exampleMaxTokens: z.number().int().min(0).default(1500).catch(1500),
  /**
   * Similarity of questions above which a curated example's answer is given as is: null = off; unset = the mode's
   * default (off with a model, {@link EXTRACTIVE_STANDARD_ANSWER_THRESHOLD} with the extractive default).
   */
  standardAnswerThreshold: z.number().min(0).max(1).nullable().optional().catch(undefined),
  historyTurns: z.number().int().min(0).max(20).default(6).catch(6),
});

export interface AnswerSettings {
  promptConfigId: string | null;
  promptVersion: number | null;
  systemPrompt: string;
  model: string | null;
  temperature: number;
  contextWindow: number;
  reservedAnswerTokens: number;
  safetyMargin: number | undefined;
  retrieval: z.output<typeof retrievalSchema>;
  examples: { enabled: boolean; k: number; maxTokens: number; standardAnswerThreshold: number | null | undefined };
  historyTurns: number;
  /** Options of the extractive default (an evaluation's calibration sweep; unset = its own defaults). */
  extractive: { minScore?: number };
}

/** Overrides an evaluation (or a test) applies on top of the stored configuration. */
export type AnswerOverrides = Partial<{
  retrieval: Partial<AnswerSettings["retrieval"]>;
  examples: Partial<AnswerSettings["examples"]>;
  extractive: AnswerSettings["extractive"];
  promptConfigId: string;
}>;

/** The settings of the active prompt configuration (or of `overrides.promptConfigId`), with overrides applied. */
export async function answerSettings(db: PrismaClient, overrides: AnswerOverrides = {}): Promise<AnswerSettings> {
  const row = overrides.promptConfigId
    ? await db.promptConfig.findUnique({ where: { id: overrides.promptConfigId } })
    : await db.promptConfig.findFirst({ where: { isActive: true } });
  const retrieval = retrievalSchema.catch(retrievalSchema.parse({})).parse(row?.retrieval ?? {});
  const budget = budgetSchema.catch(budgetSchema.parse({})).parse(row?.budget ?? {});
  return {
    promptConfigId: row?.id ?? null,
    promptVersion: row?.version ?? null,
    systemPrompt: row?.systemPrompt ?? "",
    model: row?.model ?? null,
    temperature: row?.temperature ?? 0.2,
    contextWindow: row?.contextWindow ?? 8192,
    reservedAnswerTokens: budget.reservedAnswerTokens ?? row?.maxOutputTokens ?? 800,
    safetyMargin: budget.safetyMargin,
    retrieval: { ...retrieval, ...overrides.retrieval },
    examples: {
      enabled: budget.examplesEnabled,
      k: row?.fewShotK ?? 3,
      maxTokens: budget.exampleMaxTokens,
      standardAnswerThreshold: budget.standardAnswerThreshold,
      ...overrides.examples,
    },
    historyTurns: budget.historyTurns,
    extractive: { ...overrides.extractive },
  };
}
