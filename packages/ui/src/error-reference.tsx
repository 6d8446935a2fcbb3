/** The reference people can quote to an administrator; it matches the server log entry. Never the message or stack. */
export function ErrorReference({ error }: { error: unknown }) {
  const digest = typeof error === "object" && error !== null && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  if (!digest) return null;
  return (
    <p className="mt-2 text-xs text-muted">
      Reference: <code className="font-mono">{digest}</code>
    </p>
  );
}
