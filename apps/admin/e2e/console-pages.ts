/**
 * Every page of the console that needs no id, for the suites that walk them all (access, accessibility). A new
 * page goes here so both suites cover it.
 */
export const CONSOLE_PAGES = [
  "/",
  "/documents",
  "/documents/upload",
  "/examples",
  "/examples/new",
  "/feedback",
  "/prompt",
  "/inspector",
  "/evaluations",
  "/evaluations/compare",
  "/analytics",
  "/users",
  "/groups",
  "/audit",
  "/exports",
] as const;
