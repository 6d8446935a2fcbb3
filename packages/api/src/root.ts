import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { apiKeysRouter } from "./router/api-keys";
import { auditRouter } from "./router/audit";
import { chatRouter, conversationsRouter, feedbackRouter } from "./router/chat";
import { documentsRouter } from "./router/documents";
import { embeddingRouter } from "./router/embedding";
import { groupsRouter } from "./router/groups";
import { healthRouter } from "./router/health";
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
  }),
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** Server-side caller (React Server Components, scripts, tests). */
export const createCaller = createCallerFactory(appRouter);
