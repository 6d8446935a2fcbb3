/**
 * `GET /api/exports/finetune?file=train|validation&seed=…&ratio=…&sources=1`: one file of the fine-tuning data set
 * as JSONL (OpenAI chat fine-tuning format), streamed as core reads it. Audited (`export.finetune`) before the
 * first byte: curated and employees' content leaves the system.
 */
import { finetuneFile, recordFinetuneExport } from "@lore/core/exports";
import { getPrisma } from "@lore/db/client";
import { z } from "zod";
import { finetuneFileSchema, finetuneOptionsInput } from "../schemas";
import { badRequest, download, exportingAdmin, refusal, searchParams, type ExportHandlerOptions } from "./guard";

const query = finetuneOptionsInput.extend({ file: finetuneFileSchema });

export function finetuneQueryFrom(params: URLSearchParams) {
  return query.safeParse({
    file: params.get("file") ?? undefined,
    seed: params.get("seed") ?? undefined,
    validationRatio: params.has("ratio") ? z.coerce.number().catch(Number.NaN).parse(params.get("ratio")) : undefined,
    withSources: params.get("sources") === "1",
  });
}

export function createFinetuneHandler(options: Omit<ExportHandlerOptions, "db"> & { db?: ExportHandlerOptions["db"] }) {
  return async (request: Request): Promise<Response> => {
    const db = options.db ?? getPrisma();
    try {
      const admin = await exportingAdmin(request, { ...options, db });
      if (admin instanceof Response) return admin;
      const parsed = finetuneQueryFrom(searchParams(request));
      if (!parsed.success) return badRequest(parsed.error.issues);
      const { file, ...finetune } = parsed.data;
      await recordFinetuneExport(db, admin, { ...finetune, file });
      return download(finetuneFile(db, finetune, file), { filename: `${file}.jsonl`, type: "application/jsonl; charset=utf-8" });
    } catch (error) {
      console.error("GET /api/exports/finetune failed:", error);
      return refusal("INTERNAL_SERVER_ERROR", "The export failed. Try again; if it keeps failing, the server log says why.");
    }
  };
}
