/**
 * Prompt versions: every change is a new version (the old ones stay, so answers keep pointing at what made them
 * and a rollback is one click); exactly one is active. All changes are audited (`prompt.*`).
 */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@lore/db";
import { recordAudit, type AuditEntry } from "../audit/record";
import { LoreError } from "../errors/lore-error";
import { defaultSafetyMargin } from "../prompt/assemble";
import { columnsOf, parameterTable, parametersOf, type PromptParameters } from "./parameters";
import { diffText } from "./text-diff";

export class PromptConfigError extends LoreError<"PROMPT_CONFIG_NOT_FOUND" | "NOTHING_CHANGED" | "BUDGET_TOO_SMALL" | "VERSION_TAKEN"> {
  override readonly name = "PromptConfigError";
}

const NOT_FOUND = "That prompt version does not exist.";
type Actor = NonNullable<AuditEntry["actor"]>;
type Who = { actor: Actor; ip?: string | null };

const SUMMARY = {
  id: true,
  name: true,
  version: true,
  isActive: true,
  notes: true,
  createdAt: true,
  createdBy: { select: { id: true, name: true, email: true } },
} as const;

/** Every version, newest first (a handful to a few hundred rows: no paging). */
export async function listPromptVersions(db: PrismaClient) {
  return db.promptConfig.findMany({ orderBy: { version: "desc" }, select: SUMMARY });
}

/** One version with its parameters (the answer path's defaults filled in). */
export async function getPromptVersion(db: PrismaClient, id: string) {
  const row = await db.promptConfig.findUnique({
    where: { id },
    select: {
      ...SUMMARY,
      model: true,
      systemPrompt: true,
      temperature: true,
      maxOutputTokens: true,
      contextWindow: true,
      fewShotK: true,
      retrieval: true,
      budget: true,
    },
  });
  if (!row) throw new PromptConfigError("PROMPT_CONFIG_NOT_FOUND", "not_found", NOT_FOUND);
  const { systemPrompt, temperature, maxOutputTokens, contextWindow, fewShotK, retrieval, budget, ...summary } = row;
  return {
    ...summary,
    parameters: parametersOf({ name: row.name, systemPrompt, temperature, maxOutputTokens, contextWindow, fewShotK, retrieval, budget }),
  };
}

/** The active version's id, or null before the seed made one. */
export async function activePromptVersionId(db: PrismaClient): Promise<string | null> {
  return (await db.promptConfig.findFirst({ where: { isActive: true }, select: { id: true } }))?.id ?? null;
}

/** The budget must leave room for a prompt: what assembly would refuse at once is refused here, in words. */
function checkBudget(p: PromptParameters): void {
  const reserved = p.budget.reservedAnswerTokens ?? p.maxOutputTokens;
  const margin = p.budget.safetyMargin ?? defaultSafetyMargin(p.contextWindow);
  const room = p.contextWindow - reserved - margin;
  if (room < 256) {
    throw new PromptConfigError(
      "BUDGET_TOO_SMALL",
      "bad_request",
      `A context window of ${p.contextWindow} minus ${reserved} reserved answer tokens and a margin of ${margin} leaves ${Math.max(room, 0)} tokens for the prompt; at least 256 are needed. Raise the context window or lower the reserved answer tokens.`,
    );
  }
}

/**
 * A new version from `basedOnId` with `parameters`, inactive until activated. Refused when nothing differs from
 * the version it is based on. The version number is the next one, taken in the same short transaction as the
 * insert and its audit entry (the unique index turns a race into a clear error).
 */
export async function createPromptVersion(
  db: PrismaClient,
  input: { basedOnId: string; parameters: PromptParameters; notes?: string | null },
  who: Who,
) {
  const base = await getPromptVersion(db, input.basedOnId);
  checkBudget(input.parameters);
  const columns = columnsOf(input.parameters);
  const changed = parameterTable(base.parameters, parametersOf(columns)).filter((c) => c.changed);
  const promptChanged = base.parameters.systemPrompt !== columns.systemPrompt;
  if (changed.length === 0 && !promptChanged) {
    throw new PromptConfigError(
      "NOTHING_CHANGED",
      "bad_request",
      `Nothing differs from version ${base.version}: change a parameter first.`,
    );
  }
  const baseModel = await db.promptConfig.findUnique({ where: { id: base.id }, select: { model: true } });
  const id = randomUUID();
  try {
    return await db.$transaction(async (tx) => {
      const top = await tx.promptConfig.aggregate({ _max: { version: true } });
      const version = (top._max.version ?? 0) + 1;
      const row = await tx.promptConfig.create({
        data: {
          id,
          version,
          ...columns,
          model: baseModel?.model ?? null,
          isActive: false,
          notes: input.notes?.trim() || null,
          createdById: who.actor.id,
        },
        select: SUMMARY,
      });
      await recordAudit(tx, {
        actor: who.actor,
        action: "prompt.created",
        targetType: "prompt_config",
        targetId: id,
        data: {
          version,
          basedOn: base.version,
          changed: [...(promptChanged ? ["systemPrompt"] : []), ...changed.map((c) => c.path)],
        },
        ip: who.ip ?? null,
      });
      return row;
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === "P2002") {
      throw new PromptConfigError("VERSION_TAKEN", "conflict", "Another version was saved at the same moment. Save again.");
    }
    throw error;
  }
}

/**
 * Makes `id` the active version: the old one is switched off and the new one on in ONE transaction (at most one
 * row may be active: a partial unique index), audited as `prompt.activated`, or `prompt.rolled_back` when the
 * version is older than the one it replaces. Activating the active version changes nothing.
 */
export async function activatePromptVersion(db: PrismaClient, input: { id: string }, who: Who) {
  return db.$transaction(async (tx) => {
    const target = await tx.promptConfig.findUnique({ where: { id: input.id }, select: { id: true, version: true, isActive: true } });
    if (!target) throw new PromptConfigError("PROMPT_CONFIG_NOT_FOUND", "not_found", NOT_FOUND);
    if (target.isActive) return { id: target.id, version: target.version, changed: false };
    const current = await tx.promptConfig.findFirst({ where: { isActive: true }, select: { id: true, version: true } });
    if (current) await tx.promptConfig.update({ where: { id: current.id }, data: { isActive: false } });
    await tx.promptConfig.update({ where: { id: target.id }, data: { isActive: true } });
    const rollback = current !== null && target.version < current.version;
    await recordAudit(tx, {
      actor: who.actor,
      action: rollback ? "prompt.rolled_back" : "prompt.activated",
      targetType: "prompt_config",
      targetId: target.id,
      data: { version: target.version, previous: current?.version ?? null },
      ip: who.ip ?? null,
    });
    return { id: target.id, version: target.version, changed: true };
  });
}

/** What changed from version `fromId` to version `toId`: the system prompt line by line, and every parameter. */
export async function diffPromptVersions(db: PrismaClient, input: { fromId: string; toId: string }) {
  const [from, to] = await Promise.all([getPromptVersion(db, input.fromId), getPromptVersion(db, input.toId)]);
  return {
    from: { id: from.id, version: from.version },
    to: { id: to.id, version: to.version },
    systemPrompt: diffText(from.parameters.systemPrompt, to.parameters.systemPrompt),
    parameters: parameterTable(from.parameters, to.parameters),
  };
}
