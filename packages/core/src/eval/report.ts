import type { RetrievalEvalResult } from "./retrieval";

/** The human summary of `lore eval retrieval` (stderr): a Markdown table, ready to paste into docs. */
export function formatEvalTable(result: RetrievalEvalResult): string {
  const q = result.rows[0]?.questions ?? 0;
  const head = `${result.documents} documents, ${result.chunks} chunks, ${q} questions (import ${result.importSeconds.toFixed(1)} s, queries ${result.evalSeconds.toFixed(1)} s)`;
  const lines = ["| retriever | recall@1 | recall@5 | recall@10 | MRR@10 |", "|---|---|---|---|---|"];
  for (const r of result.rows)
    lines.push(
      `| ${r.retriever}${r.fusion ? ` (${r.fusion}, vector ${r.vector_weight})` : ""} | ${r.recall_at_1.toFixed(3)} | ${r.recall_at_5.toFixed(3)} | ${r.recall_at_10.toFixed(3)} | ${r.mrr.toFixed(3)} |`,
    );
  return [head, ...lines].join("\n");
}
