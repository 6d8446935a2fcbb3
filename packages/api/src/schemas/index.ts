// Input schemas shared by the tRPC procedures and the forms that call them, one file per domain. Only zod (and
// constants) here, so client components can import `@lore/api/schemas` without pulling server code into the
// browser bundle.
export { idSchema } from "./common";
export * from "./audit";
export * from "./documents";
export * from "./groups";
export * from "./search";
export * from "./users";
export * from "./chat";
export * from "./api-keys";
export * from "./examples";
export * from "./feedback-inbox";
export * from "./prompts";
export * from "./inspector";
export * from "./analytics";
export * from "./exports";
export * from "./evaluations";
