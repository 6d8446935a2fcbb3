export { appRouter, createCaller, type AppRouter, type RouterInputs, type RouterOutputs } from "./root";
export { createTRPCContext, type Context, type Access, type Meta } from "./trpc";
