/**
 * The parameters of a prompt version as admins edit them, and how they map onto the row: columns for the prompt
 * and model settings, the `retrieval` and `budget` JSON that answer/settings.ts reads. Unset optional values are
 * left out of the JSON, so the answer path keeps its own defaults for them.
 */
import type { Prisma } from "@lore/db";

export interface RetrievalParameters {
  enabled: boolean;
  mode: "hybrid" | "vector" | "fulltext";
  k: number;
  refusalThreshold: number;
  mmrLambda?: number | null;
  fusion?: "relative_score" | "rrf" | null;
  vectorWeight?: number | null;
  candidates?: number | null;
}

export interface BudgetParameters {
  reservedAnswerTokens?: number | null;
  safetyMargin?: number | null;
  examplesEnabled: boolean;
  exampleMaxTokens: number;
  /** Unset (undefined) = the answer mode's default; null = standard answers off. */
  standardAnswerThreshold?: number | null;
  historyTurns: number;
}

export interface PromptParameters {
  name: string;
  systemPrompt: string;
  temperature: number;
  maxOutputTokens: number;
  contextWindow: number;
  fewShotK: number;
  retrieval: RetrievalParameters;
  budget: BudgetParameters;
}

type Row = {
  name: string;
  systemPrompt: string;
  temperature: number;
  maxOutputTokens: number;
  contextWindow: number;
  fewShotK: number;
  retrieval: unknown;
  budget: unknown;
};

const object = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const num = (value: unknown): number | undefined => (typeof value === "number" && Number.isFinite(value) ? value : undefined);

/** A row's parameters, with the answer path's defaults where the JSON says nothing (answer/settings.ts). */
export function parametersOf(row: Row): PromptParameters {
  const r = object(row.retrieval);
  const b = object(row.budget);
  const mode = r.mode === "vector" || r.mode === "fulltext" ? r.mode : "hybrid";
  const fusion = r.fusion === "rrf" || r.fusion === "relative_score" ? r.fusion : undefined;
  return {
    name: row.name,
    systemPrompt: row.systemPrompt,
    temperature: row.temperature,
    maxOutputTokens: row.maxOutputTokens,
    contextWindow: row.contextWindow,
    fewShotK: row.fewShotK,
    retrieval: {
      enabled: r.enabled !== false,
      mode,
      k: num(r.k) ?? 6,
      refusalThreshold: num(r.refusalThreshold) ?? 0.2,
      ...(num(r.mmrLambda) === undefined ? {} : { mmrLambda: num(r.mmrLambda)! }),
      ...(fusion ? { fusion } : {}),
      ...(num(r.vectorWeight) === undefined ? {} : { vectorWeight: num(r.vectorWeight)! }),
      ...(num(r.candidates) === undefined ? {} : { candidates: num(r.candidates)! }),
    },
    budget: {
      ...(num(b.reservedAnswerTokens) === undefined ? {} : { reservedAnswerTokens: num(b.reservedAnswerTokens)! }),
      ...(num(b.safetyMargin) === undefined ? {} : { safetyMargin: num(b.safetyMargin)! }),
      examplesEnabled: b.examplesEnabled !== false,
      exampleMaxTokens: num(b.exampleMaxTokens) ?? 1500,
      ...(b.standardAnswerThreshold === null ? { standardAnswerThreshold: null } : {}),
      ...(num(b.standardAnswerThreshold) === undefined ? {} : { standardAnswerThreshold: num(b.standardAnswerThreshold)! }),
      historyTurns: num(b.historyTurns) ?? 6,
    },
  };
}

/** Drops unset (null or undefined) keys, keeping the ones whose null means something. */
function compact(values: Record<string, unknown>, keepNull: readonly string[] = []): Prisma.InputJsonObject {
  return Object.fromEntries(
    Object.entries(values).filter(([key, v]) => v !== undefined && (v !== null || keepNull.includes(key))),
  ) as Prisma.InputJsonObject;
}

/** The row's columns for `parameters`. */
export function columnsOf(parameters: PromptParameters) {
  return {
    name: parameters.name.trim(),
    systemPrompt: parameters.systemPrompt,
    temperature: parameters.temperature,
    maxOutputTokens: parameters.maxOutputTokens,
    contextWindow: parameters.contextWindow,
    fewShotK: parameters.fewShotK,
    retrieval: compact({ ...parameters.retrieval }),
    budget: compact({ ...parameters.budget }, ["standardAnswerThreshold"]),
  };
}

/** One parameter as the diff table shows it: a dotted path, a label and its value in each version. */
export interface ParameterChange {
  path: string;
  label: string;
  before: string;
  after: string;
}

const LABELS: Array<[string, string, (p: PromptParameters) => unknown]> = [
  ["name", "Name", (p) => p.name],
  ["temperature", "Temperature", (p) => p.temperature],
  ["maxOutputTokens", "Max output tokens", (p) => p.maxOutputTokens],
  ["contextWindow", "Context window", (p) => p.contextWindow],
  ["budget.reservedAnswerTokens", "Reserved answer tokens", (p) => p.budget.reservedAnswerTokens],
  ["budget.safetyMargin", "Safety margin", (p) => p.budget.safetyMargin],
  ["fewShotK", "Examples (k)", (p) => p.fewShotK],
  ["budget.examplesEnabled", "Examples enabled", (p) => p.budget.examplesEnabled],
  ["budget.exampleMaxTokens", "Example max tokens", (p) => p.budget.exampleMaxTokens],
  ["budget.standardAnswerThreshold", "Standard-answer threshold", (p) => p.budget.standardAnswerThreshold],
  ["budget.historyTurns", "History turns", (p) => p.budget.historyTurns],
  ["retrieval.enabled", "Retrieval enabled", (p) => p.retrieval.enabled],
  ["retrieval.mode", "Retrieval mode", (p) => p.retrieval.mode],
  ["retrieval.k", "Passages (k)", (p) => p.retrieval.k],
  ["retrieval.fusion", "Fusion", (p) => p.retrieval.fusion],
  ["retrieval.vectorWeight", "Vector weight", (p) => p.retrieval.vectorWeight],
  ["retrieval.candidates", "Candidates per retriever", (p) => p.retrieval.candidates],
  ["retrieval.mmrLambda", "MMR λ", (p) => p.retrieval.mmrLambda],
  ["retrieval.refusalThreshold", "Relevance (refusal) threshold", (p) => p.retrieval.refusalThreshold],
];

function shown(path: string, value: unknown): string {
  if (value === undefined) return "default";
  if (value === null) return path === "budget.standardAnswerThreshold" ? "off" : "default";
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

/** Every parameter, with whether it differs (the system prompt is diffed as text instead). */
export function parameterTable(a: PromptParameters, b: PromptParameters): Array<ParameterChange & { changed: boolean }> {
  return LABELS.map(([path, label, read]) => {
    const before = shown(path, read(a));
    const after = shown(path, read(b));
    return { path, label, before, after, changed: before !== after };
  });
}
