/**
 * What one evaluation run answers with, and the ladder of customisation steps. Shared by the evaluation workbench
 * (runs stored in the database, the admin console) and `lore eval ladder` (a throw-away database), so a rung means
 * the same thing in both. A run configuration is applied as overrides on top of a prompt version's settings
 * (answer/settings.ts): whatever it leaves unset comes from that version.
 */
import { z } from "zod";
import type { AnswerOverrides } from "../answer";

export const RETRIEVAL_MODES = ["vector", "fulltext", "hybrid"] as const;
export type RetrievalMode = (typeof RETRIEVAL_MODES)[number];

export const RunConfigSchema = z.object({
  /** The prompt version to answer with; null = the version active when the run starts (recorded then). */
  promptConfigId: z.string().min(1).nullable().default(null),
  retrieval: z
    .object({
      /** Unset = the prompt version's (as every field here). */
      enabled: z.boolean().optional(),
      mode: z.enum(RETRIEVAL_MODES).optional(),
      k: z.number().int().min(1).max(20).optional(),
      fusion: z.enum(["relative_score", "rrf"]).optional(),
      vectorWeight: z.number().min(0).max(1).optional(),
      candidates: z.number().int().min(1).max(200).optional(),
      mmrLambda: z.number().min(0).max(1).optional(),
      refusalThreshold: z.number().min(0).max(1).optional(),
    })
    .default({}),
  examples: z
    .object({
      enabled: z.boolean().optional(),
      /** How many examples at most (unset = the prompt version's). */
      k: z.number().int().min(0).max(20).optional(),
    })
    .default({}),
  /** `model` = the configured model (the extractive default when none is configured); `extractive` = always it. */
  answerer: z.enum(["model", "extractive"]).default("model"),
});
export type RunConfig = z.output<typeof RunConfigSchema>;
export type RunConfigInput = z.input<typeof RunConfigSchema>;

/** The answer pipeline's overrides for a run configuration (the prompt version's own settings fill the rest). */
export function runOverrides(config: RunConfig): AnswerOverrides {
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    ...(config.promptConfigId ? { promptConfigId: config.promptConfigId } : {}),
    retrieval: defined(config.retrieval),
    examples: defined({ enabled: config.examples.enabled, k: config.examples.k }),
  };
}

export const LADDER_RUNGS = ["prompt-only", "few-shot", "rag-vector", "hybrid", "hybrid+few-shot"] as const;
export type LadderRung = (typeof LADDER_RUNGS)[number];

/** The customisation steps, in order, each a change of one thing from a step before it. */
export const LADDER: readonly {
  rung: LadderRung;
  label: string;
  retrieval: { enabled: boolean; mode: RetrievalMode };
  examples: boolean;
}[] = [
  { rung: "prompt-only", label: "Prompt only", retrieval: { enabled: false, mode: "hybrid" }, examples: false },
  { rung: "few-shot", label: "+ few-shot examples", retrieval: { enabled: false, mode: "hybrid" }, examples: true },
  { rung: "rag-vector", label: "+ retrieval (vector)", retrieval: { enabled: true, mode: "vector" }, examples: false },
  { rung: "hybrid", label: "+ hybrid retrieval", retrieval: { enabled: true, mode: "hybrid" }, examples: false },
  { rung: "hybrid+few-shot", label: "+ hybrid and few-shot", retrieval: { enabled: true, mode: "hybrid" }, examples: true },
];

/**
 * The ladder's configurations from a base: each rung keeps the base's prompt version, answerer and retrieval
 * tuning (k, fusion, MMR, thresholds) and sets only what the rung is about (retrieval on/off and its mode, examples
 * on/off).
 */
export function ladderConfigs(base: RunConfigInput = {}): { rung: LadderRung; label: string; config: RunConfig }[] {
  const parsed = RunConfigSchema.parse(base);
  return LADDER.map(({ rung, label, retrieval, examples }) => ({
    rung,
    label,
    config: {
      ...parsed,
      retrieval: { ...parsed.retrieval, ...retrieval },
      examples: { ...parsed.examples, enabled: examples },
    },
  }));
}
