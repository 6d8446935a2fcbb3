/** An audit entry as the API returns it (only the fields the console reads). */
export interface AuditEntryLike {
  action: string;
  actorEmail: string | null;
  actorId: string | null;
  targetType: string | null;
  targetId: string | null;
  data: unknown;
}

const ACTION_LABELS: Record<string, string> = {
  "auth.sign_in": "Signed in",
  "seed.created": "Seed data added",
  "user.created": "Account created",
  "user.role_changed": "Role changed",
  "group.created": "Group created",
  "group.deleted": "Group deleted",
  "group.member_added": "Added to group",
  "group.member_removed": "Removed from group",
};

/** A readable name for an audit action; unknown actions are shown as recorded. */
export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

function field(data: unknown, key: string): string | null {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return null;
  const value = (data as Record<string, unknown>)[key];
  return typeof value === "string" || typeof value === "number" ? String(value) : null;
}

/** One line saying what the entry changed, from the details recorded with it. */
export function describeAuditEntry(entry: AuditEntryLike): string {
  const email = field(entry.data, "email");
  const name = field(entry.data, "name") ?? field(entry.data, "group");
  switch (entry.action) {
    case "user.role_changed": {
      const from = field(entry.data, "from");
      const to = field(entry.data, "to");
      return `${email ?? entry.targetId ?? "A user"}: ${from ?? "?"} → ${to ?? "?"}`;
    }
    case "user.created":
      return email ?? entry.targetId ?? "";
    case "group.created":
    case "group.deleted":
      return name ?? entry.targetId ?? "";
    case "group.member_added":
      return `${email ?? field(entry.data, "userId") ?? "A user"} → ${name ?? "group"}`;
    case "auth.sign_in":
      // The session id means nothing to a person; who and from where are in their own columns.
      return "";
    case "group.member_removed":
      return `${email ?? field(entry.data, "userId") ?? "A user"} ← ${name ?? entry.targetId ?? "group"}`;
    default:
      return [entry.targetType, entry.targetId].filter(Boolean).join(" ");
  }
}

/** Who did it: their email when recorded, otherwise the system (seed, SSO sign-up, background jobs). */
export function actorLabel(entry: Pick<AuditEntryLike, "actorEmail" | "actorId">): string {
  return entry.actorEmail ?? (entry.actorId ? `User ${entry.actorId.slice(0, 8)}` : "System");
}
