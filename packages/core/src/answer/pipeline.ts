/**
 * `answer()`: from a question to a cited, streamed, stored answer. It only composes the stages — rewrite the
 * question, retrieve, pick examples (or a standard answer), assemble the prompt, generate (a model, or the
 * extractive default), resolve citations, store — and records what each did in the trace. Every consumer (the
 * chat procedure, the OpenAI-compatible route, `lore ask`, the evaluation) reads the same events.
 */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@lore/db";
import type { Embedder } from "../embed/types";
import { isLoreError } from "../errors/lore-error";
import { findStandardAnswer, selectExamples, type SelectedExample } from "../fewshot";
import type { AccessPrincipal } from "../knowledge-base/access";
import { EXTRACTIVE_MODEL_ID, extractiveAnswer } from "../llm/extractive";
import type { ChatModel, ChatModelChunk } from "../llm/types";
import { assemblePrompt, detectLanguage, parseRewrittenQuery, refusalText, rewritePromptMessages, rewriteQuestion } from "../prompt";
import type { NumberedSource, PromptExample } from "../prompt/types";
import type { SearchExplanation } from "../retrieve/explain";
import { search } from "../retrieve/search";
import type { SearchResult } from "../retrieve/types";
import { attachCitations } from "./attach";
import { createCitationParser, type Citation } from "./citations";
import { collectInspection, inspectedPrompt, type InspectionInput } from "./collect-inspection";
import type { AnswerEvent, AnswerMode, AnswerTrace, MessagePart, SourceView, StageLatency, StoredMessage } from "./events";
import type { AnswerInspection } from "./inspection";
import { answerSettings, EXTRACTIVE_STANDARD_ANSWER_THRESHOLD, type AnswerOverrides, type AnswerSettings } from "./settings";
import { conversationHistory, openConversation, storeAssistantMessage, storeUserMessage } from "../conversations/store";

export interface AnswerInput {
  question: string;
  /** Who asks: their groups decide what may be read. Null = anonymous (public documents only), nothing stored. */
  userId: string | null;
  /** Store the conversation and its messages (default: when there is a user). */
  persist?: boolean;
  /** Continue this conversation (the user's own); a new one otherwise. */
  conversationId?: string;
  /** Evaluation toggles and the like, on top of the active prompt configuration. */
  overrides?: AnswerOverrides;
  /** The user's stop: the answer ends as `stopped`, keeping what was written. */
  signal?: AbortSignal;
  /**
   * Answer as a member of exactly these groups, with no user behind it (the admin inspector's "ask as group"):
   * access is decided by these groups in SQL, and nothing is stored. `userId` must then be null.
   */
  groupIds?: readonly string[];
  /** Receives the answer's inspection (admin-only detail) before the `done` or `error` event. */
  onInspection?: (inspection: AnswerInspection) => void;
}

export interface AnswerDeps {
  db: PrismaClient;
  /** The active embedder (the one the stored vectors were made with). */
  embedder: Embedder;
  /** The configured model; null = the extractive default. */
  model: ChatModel | null;
}

const SUGGESTIONS = 3;

function numbered(results: SearchResult[]): NumberedSource[] {
  return results.map((r, i) => ({
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
}

function sourceView(s: NumberedSource): SourceView {
  return {
    n: s.n,
    chunkId: s.chunkId,
    documentId: s.documentId,
    versionId: s.versionId,
    title: s.title,
    url: s.url,
    headingPath: s.headingPath,
    excerpt: s.text,
  };
}

/** The nearest distinct documents, offered when nothing answers the question. */
function suggestionsOf(results: SearchResult[]) {
  const seen = new Set<string>();
  const out: Array<{ documentId: string; title: string; url: string | null }> = [];
  for (const r of results) {
    if (seen.has(r.documentId)) continue;
    seen.add(r.documentId);
    out.push({ documentId: r.documentId, title: r.title, url: r.url });
    if (out.length === SUGGESTIONS) break;
  }
  return out;
}

/** Splits a finished text into pieces a reader sees arrive (the extractive and standard answers exist whole). */
function* pieces(text: string): Generator<string> {
  for (const match of text.matchAll(/\S+\s*/g)) yield match[0];
}

const since = (start: number) => Math.round(performance.now() - start);

/** A message as it would have been stored, for answers that are not (anonymous, evaluation). */
function unsaved(
  conversationId: string,
  role: StoredMessage["role"],
  parts: MessagePart[],
  id: string = randomUUID(),
  status: StoredMessage["status"] = "complete",
): StoredMessage {
  return { id, conversationId, role, status, parts, createdAt: new Date() };
}

/** Answers `input.question` as `input.userId`, yielding {@link AnswerEvent}s. Never throws: failures end with an error event. */
export async function* answer(deps: AnswerDeps, input: AnswerInput): AsyncGenerator<AnswerEvent> {
  try {
    yield* run(deps, input);
  } catch (error) {
    // Before anything could be stored (the conversation is not the user's, the database is down…).
    if (!isLoreError(error)) console.error("answer failed before it started:", error);
    const failure = isLoreError(error) ? { code: error.code, message: error.message } : { code: "INTERNAL", message: INTERNAL_MESSAGE };
    yield { type: "error", ...failure, stored: null };
  }
}

const INTERNAL_MESSAGE = "Something went wrong while answering. Try again; if it keeps happening, tell your Lore admin.";

async function* run(deps: AnswerDeps, input: AnswerInput): AsyncGenerator<AnswerEvent> {
  const { db, embedder, model } = deps;
  const started = performance.now();
  const latency: StageLatency = {};
  const settings = await answerSettings(db, input.overrides);
  if (input.groupIds && input.userId !== null) throw new RangeError("Answer as a user or as groups, not both.");
  const principal: AccessPrincipal = input.groupIds ? { groupIds: input.groupIds } : input.userId;
  const persist = input.groupIds ? false : (input.persist ?? input.userId !== null);
  const conversation =
    persist && input.userId !== null
      ? await openConversation(db, {
          userId: input.userId,
          conversationId: input.conversationId,
          question: input.question,
          promptConfigId: settings.promptConfigId,
        })
      : { id: input.conversationId ?? randomUUID(), created: true };
  const history = conversation.created ? [] : await conversationHistory(db, conversation.id, settings.historyTurns);
  const userMessage = persist ? await storeUserMessage(db, conversation.id, input.question) : unsaved(conversation.id, "user", []);
  const assistantMessageId = randomUUID();
  const language = detectLanguage(input.question);

  let text = "";
  let citations: Citation[] = [];
  let sources: NumberedSource[] = [];
  let mode: AnswerMode = model ? "model" : "extractive";
  const usage = { inputTokens: 0, outputTokens: 0 };
  const trace: AnswerTrace = {
    mode,
    promptConfigId: settings.promptConfigId,
    promptVersion: settings.promptVersion,
    model: model?.id ?? EXTRACTIVE_MODEL_ID,
    question: input.question,
    query: { text: input.question, rewritten: false, method: "none" },
    retrieval: {
      enabled: settings.retrieval.enabled,
      mode: settings.retrieval.mode,
      k: settings.retrieval.k,
      refusalThreshold: settings.retrieval.refusalThreshold,
      bestRelevance: null,
      results: [],
    },
    examples: { enabled: settings.examples.enabled, used: [] },
    usage,
    latencyMs: latency,
  };
  const extraParts: MessagePart[] = [];
  // What the inspection is made of, filled in as the stages run (see collect-inspection.ts).
  const inspecting: Omit<InspectionInput, "question" | "language" | "settings" | "principal" | "history" | "embedderId"> = {
    search: null,
    selected: [],
    sent: null,
    sentError: null,
    queryVector: null,
    sources: [],
  };

  const inspect = async (): Promise<AnswerInspection | undefined> => {
    try {
      const inspection = await collectInspection(db, {
        ...inspecting,
        principal,
        settings,
        history,
        question: input.question,
        language,
        embedderId: embedder.id,
      });
      input.onInspection?.(inspection);
      return inspection;
    } catch (error) {
      // The answer matters more than its inspection: store it without one.
      console.error("could not inspect the answer:", error);
      return undefined;
    }
  };

  const finish = async (status: "complete" | "stopped" | "error", error?: { code: string; message: string }) => {
    const persistStart = performance.now();
    trace.mode = mode;
    const inspection = await inspect();
    latency.total = since(started);
    const parts: MessagePart[] = [
      { type: "text", text },
      { type: "sources", sources: sources.map(sourceView) },
      { type: "citations", citations },
      ...extraParts,
      ...(error ? [{ type: "error" as const, ...error }] : []),
      { type: "trace", trace },
    ];
    if (!persist) return unsaved(conversation.id, "assistant", parts, assistantMessageId, status);
    const stored = await storeAssistantMessage(db, {
      id: assistantMessageId,
      conversationId: conversation.id,
      status,
      parts,
      promptConfigId: settings.promptConfigId,
      model: trace.model,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      latencyMs: latency.total,
      ...(inspection ? { inspection } : {}),
    });
    latency.persist = since(persistStart);
    return stored;
  };

  try {
    // 1. The search query: a follow-up is rewritten to stand alone.
    let stageStart = performance.now();
    if (history.length > 0) {
      const byModel = model ? await rewriteWithModel(model, history, input.question, input.signal) : null;
      if (byModel) trace.query = { text: byModel, rewritten: byModel !== input.question, method: "model" };
      else {
        const heuristic = rewriteQuestion(history, input.question);
        trace.query = { text: heuristic.query, rewritten: heuristic.rewritten, method: heuristic.rewritten ? "heuristic" : "none" };
      }
    }
    latency.rewrite = since(stageStart);

    // 2. Retrieval.
    stageStart = performance.now();
    let results: SearchResult[] = [];
    if (settings.retrieval.enabled) {
      results = await search(
        db,
        {
          query: trace.query.text,
          userId: principal,
          k: settings.retrieval.k,
          mode: settings.retrieval.mode,
          ...(settings.retrieval.mmrLambda === undefined ? {} : { mmrLambda: settings.retrieval.mmrLambda }),
          ...(settings.retrieval.fusion === undefined ? {} : { fusion: settings.retrieval.fusion }),
          ...(settings.retrieval.vectorWeight === undefined ? {} : { vectorWeight: settings.retrieval.vectorWeight }),
          ...(settings.retrieval.candidates === undefined ? {} : { candidates: settings.retrieval.candidates }),
          explain: (explanation: SearchExplanation) => {
            inspecting.search = explanation;
          },
        },
        { embedder },
      );
      const vectorScores = results.map((r) => r.scores.vector).filter((v): v is number => v !== undefined);
      trace.retrieval.bestRelevance = vectorScores.length ? Math.max(...vectorScores) : null;
      trace.retrieval.results = results.map((r) => ({ chunkId: r.chunkId, documentId: r.documentId, title: r.title, scores: r.scores }));
    }
    inspecting.sources = numbered(results);
    latency.retrieve = since(stageStart);

    // 3. A standard answer, or the examples for the prompt.
    stageStart = performance.now();
    const queryVector = await embedder.embedQuery(trace.query.text);
    inspecting.queryVector = queryVector;
    let examples: PromptExample[] = [];
    const configured = settings.examples.standardAnswerThreshold;
    const standardThreshold = configured === undefined ? (model ? null : EXTRACTIVE_STANDARD_ANSWER_THRESHOLD) : configured;
    const standard =
      settings.examples.enabled && standardThreshold !== null
        ? await findStandardAnswer(db, { userId: principal, queryVector, embedderId: embedder.id, threshold: standardThreshold })
        : null;
    if (standard) {
      mode = "standard";
      trace.examples.standardAnswer = { id: standard.example.id, similarity: standard.similarity };
    } else if (mode === "model" && settings.examples.enabled) {
      const selected: SelectedExample[] = await selectExamples(db, {
        userId: principal,
        question: input.question,
        queryVector,
        embedderId: embedder.id,
        k: settings.examples.k,
        maxTokens: settings.examples.maxTokens,
      });
      inspecting.selected = selected;
      examples = selected.map((e) => ({ id: e.id, question: e.question, answer: e.answer, pinned: e.pinned, similarity: e.similarity }));
    }
    latency.examples = since(stageStart);

    // 4. Nothing relevant enough: "not found", without a model.
    // Relevant: a passage shares the question's content words (the keyword retriever found it), or its meaning is
    // close enough (vector similarity at or above the threshold).
    const relevance = trace.retrieval.bestRelevance;
    const keywordHit = results.some((r) => (r.scores.fulltext ?? 0) > 0);
    const nothingFound =
      settings.retrieval.enabled &&
      (results.length === 0 || (!keywordHit && (relevance === null || relevance < settings.retrieval.refusalThreshold)));
    if (!standard && nothingFound) mode = "not_found";

    // The extractive answer exists whole at once: made before the start, so a refusal is known there too.
    let extracted: Awaited<ReturnType<typeof extractiveAnswer>> | null = null;
    if (mode === "extractive") {
      const generateStart = performance.now();
      extracted = await extractiveAnswer({
        question: trace.query.text,
        sources: numbered(results),
        embedder,
        options: settings.extractive,
      });
      latency.generate = since(generateStart);
      if (extracted.refused) mode = "not_found";
    }

    sources = mode === "not_found" ? [] : numbered(results);
    yield {
      type: "start",
      conversationId: conversation.id,
      userMessageId: userMessage.id,
      assistantMessageId,
      mode,
      model: trace.model,
      query: trace.query.text,
    };

    if (mode === "not_found") {
      const suggestions = suggestionsOf(results);
      extraParts.push({ type: "suggestions", documents: suggestions });
      text = refusalText(language, { suggestions: suggestions.map((s) => ({ title: s.title, url: s.url ?? undefined })) });
      yield { type: "text", text };
    } else if (mode === "standard" && standard) {
      // The example's answer as written, citing the documents it is linked to.
      sources = standard.documents.map((d, i) => ({
        n: i + 1,
        chunkId: d.chunkId ?? "",
        documentId: d.documentId,
        versionId: d.versionId,
        title: d.title,
        url: d.url ?? null,
        headingPath: [],
        text: "",
        score: standard.similarity,
        scores: { fused: standard.similarity },
      }));
      yield { type: "sources", sources: sources.map(sourceView) };
      // Its own markers resolve against its linked documents (and are dropped when it has none); a linked document
      // it does not mark is cited all the same, as attached.
      const parser = createCitationParser(sources);
      for (const step of [...[...pieces(standard.example.answer)].map((p) => parser.push(p)), parser.end()]) {
        if (step.text) {
          text += step.text;
          yield { type: "text", text: step.text };
        }
        for (const citation of step.citations) yield { type: "citation", citation };
      }
      const marked = parser.cited();
      const unmarked = sources.filter((s) => !marked.some((c) => c.n === s.n)).map((s) => ({ ...citationFor(s), attached: true }));
      for (const citation of unmarked) yield { type: "citation", citation };
      citations = [...marked, ...unmarked];
    } else {
      // Assembly may drop and renumber sources: it comes before they are announced.
      stageStart = performance.now();
      let messages = null;
      if (mode === "model") {
        try {
          const assembled = assemble(settings, sources, examples, history, input.question, language, trace);
          messages = assembled.messages;
          inspecting.sent = inspectedPrompt(assembled, true, since(stageStart));
        } catch (error) {
          if (isLoreError(error)) inspecting.sentError = { code: error.code, message: error.message };
          throw error;
        }
      }
      latency.assemble = since(stageStart);
      yield { type: "sources", sources: sources.map(sourceView) };
      const parser = createCitationParser(sources);
      const generateStart = performance.now();
      const stream: AsyncIterable<ChatModelChunk> =
        messages && model
          ? model.stream({
              messages,
              temperature: settings.temperature,
              maxOutputTokens: settings.reservedAnswerTokens,
              ...(input.signal ? { signal: input.signal } : {}),
            })
          : textPieces(extracted?.text ?? "");
      for await (const chunk of stream) {
        if (chunk.type === "usage") {
          usage.inputTokens = chunk.inputTokens;
          usage.outputTokens = chunk.outputTokens;
          continue;
        }
        latency.firstToken ??= since(started);
        const step = parser.push(chunk.text);
        if (step.text) {
          text += step.text;
          yield { type: "text", text: step.text };
        }
        for (const citation of step.citations) yield { type: "citation", citation };
        if (input.signal?.aborted) break;
      }
      const last = parser.end();
      if (last.text) {
        text += last.text;
        yield { type: "text", text: last.text };
      }
      for (const citation of last.citations) yield { type: "citation", citation };
      citations = parser.cited();
      if (citations.length === 0 && mode === "model" && text.trim()) {
        citations = attachCitations(text, sources, language);
        for (const citation of citations) yield { type: "citation", citation };
      }
      if (mode === "model") latency.generate = since(generateStart);
    }

    const stopped = input.signal?.aborted ?? false;
    const stored = await finish(stopped ? "stopped" : "complete");
    yield { type: "done", message: stored, trace, usage };
  } catch (error) {
    const aborted = input.signal?.aborted ?? false;
    const failure = aborted
      ? { code: "STOPPED", message: "Stopped." }
      : isLoreError(error)
        ? { code: error.code, message: error.message }
        : { code: "INTERNAL", message: INTERNAL_MESSAGE };
    if (!aborted && !isLoreError(error)) console.error("answer failed:", error);
    let stored = null;
    try {
      stored = await finish(aborted ? "stopped" : "error", aborted ? undefined : failure);
    } catch (storeError) {
      console.error("could not store the failed answer:", storeError);
    }
    if (aborted && stored) yield { type: "done", message: stored, trace, usage };
    else yield { type: "error", code: failure.code, message: failure.message, stored };
  }
}

function citationFor(s: NumberedSource): Citation {
  return {
    n: s.n,
    chunkId: s.chunkId,
    documentId: s.documentId,
    versionId: s.versionId,
    title: s.title,
    headingPath: s.headingPath,
    attached: false,
  };
}

function assemble(
  settings: AnswerSettings,
  sources: NumberedSource[],
  examples: PromptExample[],
  history: Awaited<ReturnType<typeof conversationHistory>>,
  question: string,
  language: string,
  trace: AnswerTrace,
) {
  const assembled = assemblePrompt({
    systemPrompt: settings.systemPrompt,
    sources,
    examples,
    history,
    question,
    language,
    contextWindow: settings.contextWindow,
    reservedAnswerTokens: settings.reservedAnswerTokens,
    ...(settings.safetyMargin === undefined ? {} : { safetyMargin: settings.safetyMargin }),
  });
  trace.budget = assembled.budget;
  trace.dropped = assembled.dropped;
  trace.examples.used = assembled.examples.map((e) => ({ id: e.id, similarity: e.similarity, pinned: e.pinned }));
  // The kept sources, renumbered: the citations must resolve against these.
  sources.splice(0, sources.length, ...assembled.sources);
  return assembled;
}

/** A whole text as a stream of pieces (the extractive answer exists whole; one code path for both modes). */
async function* textPieces(text: string): AsyncGenerator<ChatModelChunk> {
  for (const piece of pieces(text)) yield { type: "text", text: piece };
}

/** A follow-up rewritten by the model; null when the model fails (the heuristic takes over). */
async function rewriteWithModel(
  model: ChatModel,
  history: Awaited<ReturnType<typeof conversationHistory>>,
  question: string,
  signal?: AbortSignal,
): Promise<string | null> {
  try {
    let reply = "";
    const request = {
      messages: rewritePromptMessages(history, question),
      temperature: 0,
      maxOutputTokens: 100,
      ...(signal ? { signal } : {}),
    };
    for await (const chunk of model.stream(request)) if (chunk.type === "text") reply += chunk.text;
    return parseRewrittenQuery(reply, question).query;
  } catch (error) {
    if (signal?.aborted) throw error;
    return null;
  }
}
