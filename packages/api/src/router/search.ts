import type { TRPCRouterRecord } from "@trpc/server";
import { requireUser } from "@lore/core/accounts";
import { auditSearchAsUser, getActiveEmbedder } from "@lore/core/knowledge-base";
import { searchFusion } from "@lore/core/retrieve";
import { search } from "@lore/core/retrieve";
import { adminProcedure } from "../trpc";
import { searchDebugInput } from "../schemas";

export const searchRouter = {
  /**
   * Retrieval as a given user would get it, with every retriever's score: for admins tuning the
   * knowledge base. Access control still applies — to the user searched as.
   */
  debug: adminProcedure.input(searchDebugInput).query(async ({ ctx, input }) => {
    const asUserId = input.asUserId ?? ctx.user.id;
    if (input.asUserId) await requireUser(ctx.db, input.asUserId);
    // The active model (the one the stored vectors were made with), not necessarily the configured one.
    // Settings that cannot build it, or an embedding server that refuses the question (a revoked key, a server
    // that is down), are an EmbeddingError (PRECONDITION_FAILED): the message says which and what to do, never a key.
    const embedder = await getActiveEmbedder(ctx.db);
    const startedAt = performance.now();
    // The fusion asked for, or the configured one. It is reported as the one in force; it only shapes the
    // ranking when both retrievers return candidates (hybrid mode): a lone list keeps its own order.
    const { method, vectorWeight } = searchFusion(embedder.id, input.fusion);
    const fusion = { fusion: method, vectorWeight: input.vectorWeight ?? vectorWeight };
    const filters = input.filters ? { filters: input.filters } : {};
    const results = await search(
      ctx.db,
      { query: input.query, userId: asUserId, k: input.k, mode: input.mode, ...fusion, ...filters },
      { embedder },
    );
    const tookMs = Math.round(performance.now() - startedAt);
    if (asUserId !== ctx.user.id) {
      const documentIds = results.map((r) => r.documentId);
      await auditSearchAsUser(ctx.db, { actor: ctx.user, ip: ctx.ip }, { asUserId, query: input.query, documentIds });
    }
    return { asUserId, embedder: embedder.id, ...fusion, tookMs, results };
  }),
} satisfies TRPCRouterRecord;
