import type { RouterOutputs } from "@lore/api";

export type PromptParameters = RouterOutputs["admin"]["prompts"]["get"]["parameters"];

/** The editor's values: numbers as typed (strings), so a half-typed value is not lost; "" = unset where allowed. */
export type FormValues = {
  name: string;
  systemPrompt: string;
  temperature: string;
  maxOutputTokens: string;
  contextWindow: string;
  fewShotK: string;
  examplesEnabled: boolean;
  exampleMaxTokens: string;
  standardAnswer: "default" | "off" | "custom";
  standardAnswerThreshold: string;
  reservedAnswerTokens: string;
  safetyMargin: string;
  historyTurns: string;
  retrievalEnabled: boolean;
  mode: "hybrid" | "vector" | "fulltext";
  k: string;
  fusion: "" | "relative_score" | "rrf";
  vectorWeight: string;
  candidates: string;
  mmrLambda: string;
  refusalThreshold: string;
  notes: string;
};

const text = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));

export function formValuesOf(p: PromptParameters): FormValues {
  const threshold = p.budget.standardAnswerThreshold;
  return {
    name: p.name,
    systemPrompt: p.systemPrompt,
    temperature: text(p.temperature),
    maxOutputTokens: text(p.maxOutputTokens),
    contextWindow: text(p.contextWindow),
    fewShotK: text(p.fewShotK),
    examplesEnabled: p.budget.examplesEnabled,
    exampleMaxTokens: text(p.budget.exampleMaxTokens),
    standardAnswer: threshold === undefined ? "default" : threshold === null ? "off" : "custom",
    standardAnswerThreshold: text(threshold),
    reservedAnswerTokens: text(p.budget.reservedAnswerTokens),
    safetyMargin: text(p.budget.safetyMargin),
    historyTurns: text(p.budget.historyTurns),
    retrievalEnabled: p.retrieval.enabled,
    mode: p.retrieval.mode,
    k: text(p.retrieval.k),
    fusion: p.retrieval.fusion ?? "",
    vectorWeight: text(p.retrieval.vectorWeight),
    candidates: text(p.retrieval.candidates),
    mmrLambda: text(p.retrieval.mmrLambda),
    refusalThreshold: text(p.retrieval.refusalThreshold),
    notes: "",
  };
}

/** A typed number ("" → NaN, which the schema refuses with its own message). */
const required = (value: string) => (value.trim() === "" ? Number.NaN : Number(value));
/** An optional number: "" → null (unset). */
const optional = (value: string) => (value.trim() === "" ? null : Number(value));

/** The values as the admin.prompts.create input's parameters (validated by the caller with the same schema). */
export function parametersOf(v: FormValues) {
  return {
    name: v.name,
    systemPrompt: v.systemPrompt,
    temperature: required(v.temperature),
    maxOutputTokens: required(v.maxOutputTokens),
    contextWindow: required(v.contextWindow),
    fewShotK: required(v.fewShotK),
    retrieval: {
      enabled: v.retrievalEnabled,
      mode: v.mode,
      k: required(v.k),
      refusalThreshold: required(v.refusalThreshold),
      mmrLambda: optional(v.mmrLambda),
      fusion: v.fusion === "" ? null : v.fusion,
      vectorWeight: optional(v.vectorWeight),
      candidates: optional(v.candidates),
    },
    budget: {
      reservedAnswerTokens: optional(v.reservedAnswerTokens),
      safetyMargin: optional(v.safetyMargin),
      examplesEnabled: v.examplesEnabled,
      exampleMaxTokens: required(v.exampleMaxTokens),
      ...(v.standardAnswer === "default"
        ? {}
        : { standardAnswerThreshold: v.standardAnswer === "off" ? null : required(v.standardAnswerThreshold) }),
      historyTurns: required(v.historyTurns),
    },
  };
}
