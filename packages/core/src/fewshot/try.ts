/**
 * "Try it": which examples a question would get, as a given user, with the active prompt configuration — every
 * candidate with its similarity, token cost, whether it is selected and why — and the prompt they would produce.
 *
 * It follows the answer pipeline's steps without answering: search as the user, then a standard answer (an
 * example close enough is given as written) or the selection (`selectExamples`, the same function the chat
 * calls), then `assemblePrompt`. With the extractive default no prompt is sent to a model; the messages shown are
 * what a configured model would receive. Running it as another user is audited like `search.as_user`.
 */
import type { PrismaClient } from "@lore/db";
import type { Embedder } from "../embed/types";
import { cosineSimilarity, vectorFromBinary } from "../embed/vector";
import { answerSettings, EXTRACTIVE_STANDARD_ANSWER_THRESHOLD } from "../answer/settings";
import { auditSearchAsUser } from "../knowledge-base/documents/read-audit";
import type { ChatMessage } from "../llm/types";
import { assemblePrompt, type AssembledPrompt } from "../prompt/assemble";
import { isPromptBudgetError } from "../prompt/errors";
import { detectLanguage } from "../prompt/language";
import type { NumberedSource } from "../prompt/types";
import { search } from "../retrieve/search";
import { countTokens } from "../tokens/count";
import { ExampleError } from "./errors";
import { NEAR_DUPLICATE_SIMILARITY } from "./pick";
import { selectExamples } from "./select";
import { exampleVectorSql } from "./sql";

/** Candidates listed (the most similar usable examples, pinned ones always). */
export const TRY_CANDIDATES = 20;

export interface TryCandidate {
  id: string;
  question: string;
  pinned: boolean;
  similarity: number;
  tokens: number;
  selected: boolean;
  /** In words: why it is (or is not) in the prompt. */
  reason: string;
}

export interface TryResult {
  asUserId: string;
  question: string;
  embedder: string;
  promptVersion: number | null;
  /** "standard": the chat would give an example's answer as written; "prompt": examples enter the model's prompt. */
  outcome: "standard" | "prompt" | "examples_off";
  standardAnswer: { id: string; similarity: number; threshold: number } | null;
  settings: { k: number; maxTokens: number; standardAnswerThreshold: number | null; modelConfigured: boolean };
  candidates: TryCandidate[];
  /** The prompt a model would receive, or why none could be assembled. */
  prompt: { messages: ChatMessage[]; budget: AssembledPrompt["budget"]; dropped: AssembledPrompt["dropped"] } | { error: string };
  sources: Array<{ n: number; documentId: string; title: string; score: number }>;
}

interface CandidateRow {
  id: string;
  question: string;
  answer: string;
  pinned: boolean;
  similarity: number;
  embedding: Uint8Array;
}

export async function tryExamples(
  db: PrismaClient,
  embedder: Embedder,
  params: { asUserId: string; question: string; modelConfigured: boolean },
  reader: { actor: { id: string; email?: string | null }; ip?: string | null },
): Promise<TryResult> {
  const user = await db.user.findUnique({ where: { id: params.asUserId }, select: { id: true } });
  if (!user) throw new ExampleError("USER_NOT_FOUND", "That user does not exist.");
  const settings = await answerSettings(db);
  const userId = params.asUserId;

  const results = settings.retrieval.enabled
    ? await search(
        db,
        {
          query: params.question,
          userId,
          k: settings.retrieval.k,
          mode: settings.retrieval.mode,
          ...(settings.retrieval.mmrLambda === undefined ? {} : { mmrLambda: settings.retrieval.mmrLambda }),
          ...(settings.retrieval.fusion === undefined ? {} : { fusion: settings.retrieval.fusion }),
          ...(settings.retrieval.vectorWeight === undefined ? {} : { vectorWeight: settings.retrieval.vectorWeight }),
          ...(settings.retrieval.candidates === undefined ? {} : { candidates: settings.retrieval.candidates }),
        },
        { embedder },
      )
    : [];
  const queryVector = await embedder.embedQuery(params.question);

  const { k, maxTokens } = settings.examples;
  const selected = settings.examples.enabled
    ? await selectExamples(db, { userId, question: params.question, queryVector, embedderId: embedder.id, k, maxTokens })
    : [];
  // The most similar usable candidates (the chat's access rule), and the selected ones wherever they rank.
  const sql = exampleVectorSql({ userId, queryVector, embedderId: embedder.id });
  const rows = await db.$queryRaw<CandidateRow[]>`
    SELECT e.id, e.question, e.answer, e.pinned, ${sql.similarity}::float8 AS similarity, vector_send(e.embedding) AS embedding
    FROM few_shot_examples e
    WHERE ${sql.candidate} AND (e.id = ANY(${selected.map((x) => x.id)}::text[]) OR e.id IN (
      SELECT e.id FROM few_shot_examples e WHERE ${sql.candidate} ORDER BY ${sql.distance}, e.id LIMIT ${TRY_CANDIDATES}))
    ORDER BY ${sql.distance}, e.id`;

  const configured = settings.examples.standardAnswerThreshold;
  const threshold = configured === undefined ? (params.modelConfigured ? null : EXTRACTIVE_STANDARD_ANSWER_THRESHOLD) : configured;
  const best = rows.filter((r) => Number(r.similarity) >= (threshold ?? Infinity)).sort((a, b) => b.similarity - a.similarity)[0];
  const standardAnswer =
    settings.examples.enabled && best && threshold !== null ? { id: best.id, similarity: Number(best.similarity), threshold } : null;

  const selectedIds = new Set(selected.map((s) => s.id));
  const vectors = new Map(rows.map((r) => [r.id, vectorFromBinary(r.embedding)]));
  const pickedRows = rows.filter((r) => selectedIds.has(r.id));
  const pickedTokens = selected.reduce((sum, s) => sum + s.tokens, 0);

  const candidates: TryCandidate[] = rows.map((r) => {
    const tokens = countTokens(r.question) + countTokens(r.answer);
    const similarity = Number(r.similarity);
    const isSelected = selectedIds.has(r.id);
    let reason: string;
    if (!settings.examples.enabled) reason = "examples are turned off in the prompt settings";
    else if (isSelected)
      reason = `selected (${selected.findIndex((s) => s.id === r.id) + 1} of ${selected.length}${r.pinned ? ", pinned" : ""})`;
    else {
      const twin = pickedRows.find((p) => cosineSimilarity(vectors.get(p.id)!, vectors.get(r.id)!) >= NEAR_DUPLICATE_SIMILARITY);
      if (twin) reason = `near-duplicate of a selected example ("${twin.question}")`;
      else if (pickedTokens + tokens > maxTokens) reason = `over the token budget (${pickedTokens} + ${tokens} > ${maxTokens})`;
      else if (selected.length >= k) reason = `k = ${k} examples already selected`;
      else reason = "not selected";
    }
    if (standardAnswer?.id === r.id) reason = `standard answer: similarity ≥ ${threshold} — the chat gives this answer as written`;
    return { id: r.id, question: r.question, pinned: r.pinned, similarity, tokens, selected: isSelected, reason };
  });

  const sources: NumberedSource[] = results.map((r, i) => ({
    n: i + 1,
    chunkId: r.chunkId,
    documentId: r.documentId,
    versionId: r.versionId,
    title: r.title,
    url: r.url,
    headingPath: r.headingPath,
    text: r.text,
    score: r.scores.fused,
    scores: r.scores,
  }));
  let prompt: TryResult["prompt"];
  try {
    const assembled = assemblePrompt({
      systemPrompt: settings.systemPrompt,
      sources,
      examples: selected.map((e) => ({ id: e.id, question: e.question, answer: e.answer, pinned: e.pinned, similarity: e.similarity })),
      history: [],
      question: params.question,
      language: detectLanguage(params.question),
      contextWindow: settings.contextWindow,
      reservedAnswerTokens: settings.reservedAnswerTokens,
      ...(settings.safetyMargin === undefined ? {} : { safetyMargin: settings.safetyMargin }),
    });
    prompt = { messages: assembled.messages, budget: assembled.budget, dropped: assembled.dropped };
  } catch (error) {
    if (!isPromptBudgetError(error)) throw error;
    prompt = { error: error.message };
  }

  if (params.asUserId !== reader.actor.id) {
    await auditSearchAsUser(db, reader, {
      asUserId: params.asUserId,
      query: params.question,
      documentIds: results.map((r) => r.documentId),
    });
  }
  return {
    asUserId: params.asUserId,
    question: params.question,
    embedder: embedder.id,
    promptVersion: settings.promptVersion,
    outcome: !settings.examples.enabled ? "examples_off" : standardAnswer ? "standard" : "prompt",
    standardAnswer,
    settings: { k, maxTokens, standardAnswerThreshold: threshold, modelConfigured: params.modelConfigured },
    candidates,
    prompt,
    sources: sources.map((s) => ({ n: s.n, documentId: s.documentId, title: s.title, score: s.score })),
  };
}
