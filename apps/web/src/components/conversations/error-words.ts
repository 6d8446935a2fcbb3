/** Which of our sentences explains a failed tRPC call: the connection, the session, or our side. */
export function errorKind(error: unknown): "network" | "session" | "notFound" | "badRequest" | "server" {
  const code = (error as { data?: { code?: string } } | null)?.data?.code;
  if (code === undefined) return "network";
  if (code === "UNAUTHORIZED") return "session";
  if (code === "NOT_FOUND") return "notFound";
  if (code === "BAD_REQUEST") return "badRequest";
  return "server";
}
