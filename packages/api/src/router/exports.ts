import type { TRPCRouterRecord } from "@trpc/server";
import { finetunePreview } from "@lore/core/exports";
import { adminProcedure } from "../trpc";
import { finetuneOptionsInput } from "../schemas";

/** Exports: the fine-tuning data set's preview (the files themselves are the admin app's /api/exports routes). */
export const exportsRouter = {
  /**
   * What train.jsonl and validation.jsonl would hold for these options: records (examples, answers, with restricted
   * passages) and tokens per file. Reads only; the downloads are audited.
   */
  finetunePreview: adminProcedure.input(finetuneOptionsInput).query(({ ctx, input }) => finetunePreview(ctx.db, input)),
} satisfies TRPCRouterRecord;
