import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { analyticsRouter } from "./router/analytics";
import { apiKeysRouter } from "./router/api-keys";
import { auditRouter } from "./router/audit";
import { chatRouter, conversationsRouter, feedbackRouter } from "./router/chat";
import { documentsRouter } from "./router/documents";
import { embeddingRouter } from "./router/embedding";
import { evaluationsRouter } from "./router/evaluations";
import { examplesRouter } from "./router/examples";
import { exportsRouter } from "./router/exports";
import { feedbackInboxRouter } from "./router/feedback-inbox";
import { groupsRouter } from "./router/groups";
import { healthRouter } from "./router/health";
import { inspectorRouter } from "./router/inspector";
import { promptsRouter } from "./router/prompts";
import { searchRouter } from "./router/search";
import { suggestionsRouter } from "./router/suggestions";
import { sessionRouter } from "./router/session";
import { usersRouter } from "./router/users";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  health: healthRouter,
  session: sessionRouter,
  documents: documentsRouter,
  chat: chatRouter,
  conversations: conversationsRouter,
  feedback: feedbackRouter,
  suggestions: suggestionsRouter,
  apiKeys: apiKeysRouter,
  admin: createTRPCRouter({
    users: usersRouter,
    groups: groupsRouter,
    audit: auditRouter,
    search: searchRouter,
    embedding: embeddingRouter,
    examples: examplesRouter,
    feedback: feedbackInboxRouter,
    prompts: promptsRouter,
    inspector: inspectorRouter,
    analytics: analyticsRouter,
    exports: exportsRouter,
    evaluations: evaluationsRouter,
  }),
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** Server-side caller (React Server Components, scripts, tests). */
export const createCaller = createCallerFactory(appRouter);
