/**
 * The admin inspector's side of answering: ask as any user or group (or as oneself) with any prompt version, and
 * get the answer's events plus its inspection; nothing is stored as a conversation. Like a search as another
 * user, it reads what that user may read, so every ask is audited with the restricted documents it touched.
 */
import type { PrismaClient } from "@lore/db";
import { recordAudit, type AuditEntry } from "../audit/record";
import { LoreError } from "../errors/lore-error";
import type { AnswerEvent } from "./events";
import type { AnswerInspection } from "./inspection";
import { answer, type AnswerDeps } from "./pipeline";

export class InspectorError extends LoreError<"USER_NOT_FOUND" | "GROUP_NOT_FOUND" | "PROMPT_CONFIG_NOT_FOUND"> {
  override readonly name = "InspectorError";
}

export interface InspectInput {
  question: string;
  /** Ask as this user (their groups decide what is read). */
  asUserId?: string;
  /** Ask as a member of exactly these groups, no user behind it. Neither: as the admin themself. */
  asGroupIds?: string[];
  /** Answer with this prompt version instead of the active one. */
  promptConfigId?: string;
  signal?: AbortSignal;
}

export type InspectEvent = AnswerEvent | { type: "inspection"; inspection: AnswerInspection };

type Reader = { actor: NonNullable<AuditEntry["actor"]> & { id: string }; ip?: string | null };

/**
 * Checks what an ask refers to, before anything streams (so a wrong id is an ordinary NOT_FOUND, not an event):
 * the user, every group, the prompt version.
 */
export async function checkInspectInput(db: PrismaClient, input: Omit<InspectInput, "signal">): Promise<void> {
  if (input.asUserId && !(await db.user.findUnique({ where: { id: input.asUserId }, select: { id: true } }))) {
    throw new InspectorError("USER_NOT_FOUND", "not_found", "That user does not exist (any more).");
  }
  if (input.asGroupIds?.length) {
    const found = await db.group.count({ where: { id: { in: input.asGroupIds } } });
    if (found !== new Set(input.asGroupIds).size) {
      throw new InspectorError("GROUP_NOT_FOUND", "not_found", "One of those groups does not exist (any more).");
    }
  }
  if (input.promptConfigId && !(await db.promptConfig.findUnique({ where: { id: input.promptConfigId }, select: { id: true } }))) {
    throw new InspectorError("PROMPT_CONFIG_NOT_FOUND", "not_found", "That prompt version does not exist.");
  }
}

/**
 * Answers as asked, yielding the answer's events with an `inspection` event before its end. Audited as
 * `inspector.ask` once it ends (or is stopped), with the restricted documents the retrievers returned.
 */
export async function* inspectAnswer(deps: AnswerDeps, input: InspectInput, reader: Reader): AsyncGenerator<InspectEvent> {
  let inspection: AnswerInspection | null = null;
  let promptVersion: number | null = null;
  const asGroups = input.asGroupIds !== undefined;
  try {
    for await (const event of answer(deps, {
      question: input.question,
      userId: asGroups ? null : (input.asUserId ?? reader.actor.id),
      ...(asGroups ? { groupIds: input.asGroupIds } : {}),
      persist: false,
      ...(input.promptConfigId ? { overrides: { promptConfigId: input.promptConfigId } } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
      onInspection: (value) => {
        inspection = value;
      },
    })) {
      if (event.type === "done") promptVersion = event.trace.promptVersion;
      if ((event.type === "done" || event.type === "error") && inspection) yield { type: "inspection", inspection };
      yield event;
    }
  } finally {
    await auditAsk(deps.db, reader, input, inspection, promptVersion);
  }
}

async function auditAsk(
  db: PrismaClient,
  reader: Reader,
  input: InspectInput,
  inspection: AnswerInspection | null,
  promptVersion: number | null,
): Promise<void> {
  const documentIds = [...new Set((inspection as AnswerInspection | null)?.search?.fused.map((c) => c.documentId) ?? [])];
  const restricted = documentIds.length
    ? await db.documentAccess.findMany({
        where: { documentId: { in: documentIds } },
        select: { documentId: true, group: { select: { name: true } } },
        orderBy: [{ documentId: "asc" }, { group: { name: "asc" } }],
      })
    : [];
  const groupsOf = new Map<string, string[]>();
  for (const row of restricted) groupsOf.set(row.documentId, [...(groupsOf.get(row.documentId) ?? []), row.group.name]);
  const asGroups = input.asGroupIds
    ? await db.group.findMany({ where: { id: { in: input.asGroupIds } }, select: { id: true, name: true }, orderBy: { name: "asc" } })
    : null;
  const asUserId = asGroups ? null : (input.asUserId ?? reader.actor.id);
  const asUser = asUserId ? await db.user.findUnique({ where: { id: asUserId }, select: { email: true } }) : null;
  await recordAudit(db, {
    actor: reader.actor,
    action: "inspector.ask",
    targetType: asGroups ? "group" : "user",
    targetId: asGroups ? asGroups.map((g) => g.id).join(",") || null : asUserId,
    data: {
      question: input.question,
      ...(asGroups ? { asGroups: asGroups.map((g) => g.name) } : { asUserId, asEmail: asUser?.email ?? null }),
      promptConfigId: input.promptConfigId ?? null,
      promptVersion,
      restrictedDocuments: [...groupsOf].map(([documentId, groups]) => ({ documentId, groups })),
    },
    ip: reader.ip ?? null,
  });
}
