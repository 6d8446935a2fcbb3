import type { PrismaClient } from "@lore/db";
import { withVectorScanSettings } from "../knowledge-base/search-indexes/vector-index";
import { CANDIDATE_COLUMNS, HITS_CTE, WITH_COLUMNS, type HybridRow } from "./candidates";
import { KEYWORD_PASSES, keywordCtes, type KeywordArgs } from "./keyword";
import type { VectorSql } from "./vector";

/**
 * Both retrievers in one statement (the keyword one's first pass): one round trip and one planning pass
 * instead of two, and the candidates both found are fetched once.
 */
export function hybridCandidates(db: PrismaClient, dimensions: number, keyword: KeywordArgs, vector: VectorSql): Promise<HybridRow[]> {
  return withVectorScanSettings(
    db,
    dimensions,
    (q) => q.$queryRaw<HybridRow[]>`
      WITH ${keywordCtes(keyword, KEYWORD_PASSES[0])},
      nearest AS (${vector.ids}),
      ${HITS_CTE}
      SELECT ${CANDIDATE_COLUMNS}, v.vector_score, v.text_score,
             (SELECT max(df) FROM q) AS longest, (SELECT sum(df) FROM q) AS postings
      FROM hits v ${WITH_COLUMNS}`,
  );
}
