import type { TRPCRouterRecord } from "@trpc/server";
import {
  JUDGE_PROMPT_VERSION,
  JUDGE_SYSTEM_PROMPT,
  cancelRuns,
  compareRuns,
  createCase,
  createCaseFromFeedback,
  createSet,
  deleteCase,
  deleteSet,
  exportCases,
  getCase,
  getResultTrace,
  getRun,
  getSet,
  importCases,
  listCases,
  listResults,
  listRuns,
  listSets,
  runNextSteps,
  runProgress,
  startLadder,
  startRun,
  updateCase,
  updateSet,
} from "@lore/core/evaluations";
import { LADDER } from "@lore/core/input-rules";
import { chatModelFromEnv, modelPricesFromEnv } from "@lore/core/llm";
import { getJobQueue } from "@lore/core/queue";
import { adminProcedure } from "../trpc";
import {
  cancelEvalRunInput,
  compareEvalRunsInput,
  createEvalCaseInput,
  createEvalSetInput,
  evalCaseFromFeedbackInput,
  evalCaseIdInput,
  evalNextStepsInput,
  evalResultIdInput,
  evalResultsInput,
  evalRunIdInput,
  evalSetIdInput,
  exportEvalCasesInput,
  importEvalCasesInput,
  listEvalCasesInput,
  listEvalRunsInput,
  startEvalRunInput,
  updateEvalCaseInput,
  updateEvalSetInput,
} from "../schemas";

/** What starting a run needs to know of this process's settings: whether a model is configured (the judge needs one). */
const startContext = () => ({ modelConfigured: chatModelFromEnv() !== null });

/**
 * The evaluation workbench (issue 27): sets and their cases, runs and ladders (background jobs), per-case results,
 * comparisons and "what to do next". Set imports and deletions, case edits and run starts and cancels are audited.
 */
export const evaluationsRouter = {
  /** What the run form needs: the model runs would answer with, the judge's prompt, the ladder's rungs. */
  settings: adminProcedure.query(() => {
    const model = chatModelFromEnv();
    return {
      model: model ? { id: model.id, label: model.label } : null,
      pricesConfigured: modelPricesFromEnv() !== null,
      judge: { available: model !== null, version: JUDGE_PROMPT_VERSION, prompt: JUDGE_SYSTEM_PROMPT },
      ladder: LADDER.map(({ rung, label }) => ({ rung, label })),
    };
  }),

  sets: {
    list: adminProcedure.query(({ ctx }) => listSets(ctx.db)),
    get: adminProcedure.input(evalSetIdInput).query(({ ctx, input }) => getSet(ctx.db, input.id)),
    create: adminProcedure.input(createEvalSetInput).mutation(({ ctx, input }) => createSet(ctx.db, input, ctx.user)),
    update: adminProcedure.input(updateEvalSetInput).mutation(({ ctx, input }) => {
      const { id, ...fields } = input;
      return updateSet(ctx.db, id, fields, ctx.user);
    }),
    /** With its cases, runs and results. */
    delete: adminProcedure.input(evalSetIdInput).mutation(({ ctx, input }) => deleteSet(ctx.db, input.id, ctx.user)),
    /** JSONL as in ../shared/datasets/*\/questions.jsonl, all or nothing: any bad line imports nothing and is listed with its number. */
    import: adminProcedure
      .input(importEvalCasesInput)
      .mutation(({ ctx, input }) => importCases(ctx.db, input.setId, { text: input.text, firstLine: input.firstLine }, ctx.user)),
    /** One page of the JSONL export; follow `nextCursor` and join the texts. */
    export: adminProcedure
      .input(exportEvalCasesInput)
      .query(({ ctx, input }) => exportCases(ctx.db, input.setId, { cursor: input.cursor })),
  },

  cases: {
    list: adminProcedure.input(listEvalCasesInput).query(({ ctx, input }) => {
      const { setId, ...params } = input;
      return listCases(ctx.db, setId, params);
    }),
    get: adminProcedure.input(evalCaseIdInput).query(({ ctx, input }) => getCase(ctx.db, input.id)),
    create: adminProcedure.input(createEvalCaseInput).mutation(({ ctx, input }) => {
      const { setId, externalId, ...fields } = input;
      return createCase(ctx.db, setId, { ...fields, id: externalId }, ctx.user);
    }),
    update: adminProcedure.input(updateEvalCaseInput).mutation(({ ctx, input }) => {
      const { id, externalId, ...fields } = input;
      return updateCase(ctx.db, id, { ...fields, id: externalId }, ctx.user);
    }),
    delete: adminProcedure.input(evalCaseIdInput).mutation(({ ctx, input }) => deleteCase(ctx.db, input.id, ctx.user)),
    /** A rated answer as a regression case: its question, the expected answers written here, its cited documents as sources. */
    fromFeedback: adminProcedure
      .input(evalCaseFromFeedbackInput)
      .mutation(({ ctx, input }) =>
        createCaseFromFeedback(
          ctx.db,
          { setId: input.setId, feedbackId: input.feedbackId, answers: input.answers, sourceIds: input.sourceIds, id: input.externalId },
          { actor: ctx.user, ip: ctx.ip },
        ),
      ),
  },

  runs: {
    /** Newest first; filter by set, ladder or status. */
    list: adminProcedure.input(listEvalRunsInput).query(({ ctx, input }) => listRuns(ctx.db, input)),
    /** One run: configuration, what it really answered with (`resolved`), progress and metrics. */
    get: adminProcedure.input(evalRunIdInput).query(({ ctx, input }) => getRun(ctx.db, input.id)),
    /** Cases done / total and the status: cheap, for a progress bar. */
    progress: adminProcedure.input(evalRunIdInput).query(({ ctx, input }) => runProgress(ctx.db, input.id)),
    /** Per-case results in the set's order; `failedOnly` keeps the cases that did not pass. Audited when read by another admin than the run's. */
    results: adminProcedure.input(evalResultsInput).query(({ ctx, input }) => {
      const { runId, ...params } = input;
      return listResults(ctx.db, runId, params, { actor: ctx.user, ip: ctx.ip });
    }),
    /** One case's answer as the inspector shows it: text, sources, citations, trace, inspection (the prompt sent). Audited when read by another admin than the run's. */
    resultTrace: adminProcedure
      .input(evalResultIdInput)
      .query(({ ctx, input }) => getResultTrace(ctx.db, input.id, { actor: ctx.user, ip: ctx.ip })),
    start: adminProcedure
      .input(startEvalRunInput)
      .mutation(async ({ ctx, input }) => startRun(ctx.db, await getJobQueue(ctx.db), input, startContext(), ctx.user)),
    /** Five runs sharing a ladder id: prompt only → + few-shot → + retrieval (vector) → + hybrid → + hybrid and few-shot. */
    startLadder: adminProcedure
      .input(startEvalRunInput)
      .mutation(async ({ ctx, input }) => startLadder(ctx.db, await getJobQueue(ctx.db), input, startContext(), ctx.user)),
    /** A run (`id`) or a ladder's unfinished runs (`ladderId`): they stop at their next case, keeping their results. */
    cancel: adminProcedure
      .input(cancelEvalRunInput)
      .mutation(async ({ ctx, input }) =>
        cancelRuns(ctx.db, await getJobQueue(ctx.db), input.id ? { id: input.id } : { ladderId: input.ladderId! }, ctx.user),
      ),
  },

  /** Runs of one set side by side, with per-case regressions and improvements between consecutive runs. */
  compare: adminProcedure.input(compareEvalRunsInput).query(({ ctx, input }) => compareRuns(ctx.db, input.runIds)),

  /** "What to do next" from a run's numbers, and from what changed since `baseRunId` when given. */
  nextSteps: adminProcedure.input(evalNextStepsInput).query(({ ctx, input }) => runNextSteps(ctx.db, input.runId, input.baseRunId)),
} satisfies TRPCRouterRecord;
