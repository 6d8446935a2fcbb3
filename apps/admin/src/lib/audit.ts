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
  "auth.sso_refused": "SSO sign-in refused",
  "seed.created": "Seed data added",
  "user.created": "Account created",
  "user.role_changed": "Role changed",
  "user.deactivated": "User deactivated",
  "user.reactivated": "User reactivated",
  "group.created": "Group created",
  "group.deleted": "Group deleted",
  "group.member_added": "Added to group",
  "group.member_removed": "Removed from group",
  "api_key.created": "API key created",
  "api_key.revoked": "API key revoked",
  "document.deleted": "Document deleted",
  "document.access_changed": "Document access changed",
  "document.restricted_read": "Restricted document read",
  "ingestion_job.canceled": "Import canceled",
  "embedding.model_activated": "Embedding model activated",
  "embedding.reembed_started": "Re-embedding started",
  "search.as_user": "Searched as a user",
  "example.created": "Example created",
  "example.updated": "Example edited",
  "example.deleted": "Example deleted",
  "example.flags_changed": "Example pinned or enabled",
  "example.imported": "Examples imported",
  "example.reviewed": "Example marked reviewed",
  "feedback.read": "Feedback read",
  "feedback.dismissed": "Feedback dismissed",
  "feedback.converted": "Feedback turned into an example",
  "prompt.created": "Prompt version created",
  "prompt.activated": "Prompt version activated",
  "prompt.rolled_back": "Prompt rolled back",
  "inspector.ask": "Asked in the inspector",
  "inspector.trace_read": "Answer trace opened",
  "eval_set.created": "Evaluation set created",
  "eval_set.updated": "Evaluation set edited",
  "eval_set.imported": "Evaluation cases imported",
  "eval_set.deleted": "Evaluation set deleted",
  "eval_case.created": "Evaluation case added",
  "eval_case.updated": "Evaluation case edited",
  "eval_case.deleted": "Evaluation case deleted",
  "eval_case.created_from_feedback": "Feedback turned into an evaluation case",
  "eval_run.started": "Evaluation run started",
  "eval_run.ladder_started": "Evaluation ladder started",
  "eval_run.canceled": "Evaluation run canceled",
  "eval_result.read": "Evaluation result read",
  "export.audit_csv": "Audit log exported",
  "export.finetune": "Fine-tuning data exported",
};

/** The families of actions (an action's part before its first dot), for filters and for unknown actions. */
export const ACTION_FAMILIES: Record<string, string> = {
  auth: "Sign-in",
  user: "Users",
  group: "Groups",
  api_key: "API keys",
  document: "Documents",
  ingestion_job: "Imports",
  embedding: "Embeddings",
  search: "Search",
  example: "Examples",
  feedback: "Feedback",
  prompt: "Prompt",
  inspector: "Inspector",
  eval_set: "Evaluation sets",
  eval_case: "Evaluation cases",
  eval_run: "Evaluation runs",
  eval_result: "Evaluation results",
  export: "Exports",
  seed: "Seed",
};

/**
 * A readable name for an audit action. An action Lore has no label for yet reads as its family and verb
 * ("document.reindexed" → "Documents: reindexed"), so new actions are readable before anyone names them.
 */
export function actionLabel(action: string): string {
  const known = ACTION_LABELS[action];
  if (known) return known;
  const dot = action.indexOf(".");
  if (dot <= 0 || dot === action.length - 1) return action;
  const family = ACTION_FAMILIES[action.slice(0, dot)];
  const verb = action.slice(dot + 1).replace(/[._]/g, " ");
  return family ? `${family}: ${verb}` : action;
}

/** The action filter's choices: each family (its prefix, "document.") followed by its actions, labelled. */
export function actionFilterOptions(): { family: string; prefix: string; actions: { value: string; label: string }[] }[] {
  return Object.entries(ACTION_FAMILIES).map(([key, family]) => ({
    family,
    prefix: `${key}.`,
    actions: Object.entries(ACTION_LABELS)
      .filter(([action]) => action.startsWith(`${key}.`))
      .map(([value, label]) => ({ value, label })),
  }));
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
    case "user.reactivated":
      return email ?? entry.targetId ?? "";
    case "user.deactivated": {
      const ended = field(entry.data, "sessionsEnded");
      return `${email ?? entry.targetId ?? "A user"}${ended && ended !== "0" ? ` (${ended} ${ended === "1" ? "session" : "sessions"} ended)` : ""}`;
    }
    case "export.finetune": {
      const file = field(entry.data, "file");
      const seed = field(entry.data, "seed");
      return `${file ?? "?"}.jsonl, seed ${seed ?? "?"}`;
    }
    case "group.created":
    case "group.deleted":
    case "eval_set.created":
    case "eval_set.updated":
    case "eval_set.deleted":
      return name ?? entry.targetId ?? "";
    case "eval_set.imported": {
      const imported = field(entry.data, "count");
      return `${imported ?? "?"} ${imported === "1" ? "case" : "cases"}`;
    }
    case "eval_run.started":
    case "eval_run.ladder_started":
      return field(entry.data, "set") ?? entry.targetId ?? "";
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
