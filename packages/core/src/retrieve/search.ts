/**
 * Hybrid retrieval, composed: vector candidates (vector.ts) and keyword candidates (keyword.ts), in one
 * statement when both are wanted (hybrid.ts), scored over all a caller may read when that is little
 * (narrow.ts), then fused, diversified and reranked (rank.ts).
 *
 * Every statement that returns chunks includes `visibleChunkSql`, or takes its chunks from `readableChunksSql`
 * (knowledge-base/access.ts, the same rule): access control lives in SQL, so nothing a user may not read ever
 * leaves the database for them. Prisma's tagged templates bind every value as a parameter; the query vector
 * goes in through the `pgvector` package.
 */
import type { PrismaClient } from "@lore/db";
import { visibleChunkSql, type AccessPrincipal } from "../knowledge-base/access";
import { filtersSql, splitHits, type CandidateRow } from "./candidates";
import { explainSearch } from "./explain";
import { searchFusion } from "./fusion-settings";
import { hybridCandidates } from "./hybrid";
import { KEYWORD_PASSES, keywordCutOff, keywordPass, widerKeywordCandidates, type KeywordArgs } from "./keyword";
import {
  NARROW_MAX_CHUNKS,
  isNarrowScope,
  narrowCandidates,
  narrowScopeKey,
  rememberScope,
  worthRemembering,
  type NarrowArgs,
} from "./narrow";
import { queryTerms } from "./query-terms";
import { rankCandidates } from "./rank";
import { DEFAULT_CANDIDATES, DEFAULT_K, DEFAULT_MMR_LAMBDA, MAX_K, type SearchDeps, type SearchParams, type SearchResult } from "./types";
import { exactVectorCandidates, vectorCandidates, vectorSql, type VectorSql } from "./vector";

/**
 * Searches the chunks `userId` may read. The query is embedded before anything reaches the database.
 */
export async function search(db: PrismaClient, params: SearchParams, deps: SearchDeps): Promise<SearchResult[]> {
  const { embedder } = deps;
  const k = Math.max(1, Math.floor(params.k ?? DEFAULT_K));
  if (!(k <= MAX_K) || (params.candidates !== undefined && !(params.candidates <= MAX_K))) {
    throw new RangeError(
      `k and candidates must be at most ${MAX_K} (got ${params.k ?? DEFAULT_K} and ${params.candidates ?? DEFAULT_CANDIDATES}).`,
    );
  }
  const mode = params.mode ?? "hybrid";
  const candidates = Math.max(k, Math.floor(params.candidates ?? DEFAULT_CANDIDATES));
  const { method: fusion, vectorWeight: defaultWeight } = searchFusion(embedder.id, params.fusion);
  const vectorWeight = params.vectorWeight ?? defaultWeight;
  if (!(vectorWeight >= 0 && vectorWeight <= 1)) throw new RangeError(`vectorWeight must be between 0 and 1 (got ${vectorWeight}).`);
  // NUL cannot reach PostgreSQL text (the statement would be refused): it separates words like a space.
  const query = params.query.replaceAll("\u0000", " ").trim();
  if (query === "") return [];

  const terms = mode === "vector" ? [] : queryTerms(query);
  const queryVector = mode !== "fulltext" ? await embedder.embedQuery(query) : null;
  const maxChunks = Math.max(0, Math.floor(params.narrowMaxChunks ?? NARROW_MAX_CHUNKS));
  if (!Number.isFinite(maxChunks)) throw new RangeError(`narrowMaxChunks must be a finite number (got ${params.narrowMaxChunks}).`);

  const acl = visibleChunkSql(params.userId);
  const filters = filtersSql(params.filters);
  const plan: SearchPlan = {
    userId: params.userId,
    filters,
    candidates,
    maxChunks,
    dimensions: embedder.dimensions,
    // A query with nothing to embed gives the zero vector, whose cosine distance is NaN: skip the retriever.
    useVector: queryVector !== null && queryVector.some((x) => x !== 0),
    useKeyword: terms.length > 0,
    vector: vectorSql({ queryVector, model: embedder.id, dimensions: embedder.dimensions, acl, filters, candidates }),
    keyword: { terms, model: embedder.id, candidates, acl, filters },
    scope: narrowScopeKey(params.userId, params.filters, embedder.id),
  };
  const { vectorRows, textRows } = await findCandidates(db, plan);
  const mmrLambda = params.mmrLambda ?? DEFAULT_MMR_LAMBDA;
  const results = await rankCandidates(vectorRows, textRows, {
    query,
    k,
    fusion,
    vectorWeight,
    mmrLambda,
    ...(params.rerank ? { rerank: params.rerank } : {}),
  });
  // After ranking, which sorted the vector list: the explanation shows the lists in the order they were fused.
  params.explain?.(explainSearch(vectorRows, textRows, results, { fusion, vectorWeight, candidates, mmrLambda }));
  return results;
}

/** What one search asks of the retrievers, resolved from its parameters. */
interface SearchPlan {
  userId: AccessPrincipal;
  filters: NarrowArgs["filters"];
  candidates: number;
  maxChunks: number;
  dimensions: number;
  useVector: boolean;
  useKeyword: boolean;
  vector: VectorSql;
  keyword: KeywordArgs;
  /** The caller and filters, as narrow.ts remembers them. */
  scope: string;
}

interface Candidates {
  vectorRows: CandidateRow[];
  textRows: CandidateRow[];
}

function narrowArgs(plan: SearchPlan, vector: boolean, keyword: boolean): NarrowArgs {
  return {
    userId: plan.userId,
    filters: plan.filters,
    chunks: plan.vector.chunks,
    distance: vector ? plan.vector.distance : null,
    keyword: keyword ? plan.keyword : null,
    candidates: plan.candidates,
    maxChunks: plan.maxChunks,
  };
}

/**
 * Each wanted retriever's candidates. A caller found to read few chunks a moment ago is scored over all of them
 * straight away; otherwise the usual statements run, and a retriever that came back short is retried narrow
 * or wider (see {@link widenShortLists}).
 */
async function findCandidates(db: PrismaClient, plan: SearchPlan): Promise<Candidates> {
  const narrowFirst =
    plan.maxChunks > 0 && isNarrowScope(db, plan.scope)
      ? await narrowCandidates(db, narrowArgs(plan, plan.useVector, plan.useKeyword))
      : undefined;
  if (narrowFirst !== undefined) rememberScope(db, plan.scope, worthRemembering(narrowFirst));
  if (narrowFirst) return narrowFirst;

  let found: Candidates = { vectorRows: [], textRows: [] };
  // Whether the keyword retriever's first pass may have missed candidates (it read too few postings).
  let keywordShort = false;
  if (plan.useVector && plan.useKeyword) {
    const rows = await hybridCandidates(db, plan.dimensions, plan.keyword, plan.vector);
    found = splitHits(rows);
    keywordShort = found.textRows.length < plan.candidates && (await keywordCutOff(db, plan.keyword, KEYWORD_PASSES[0], rows));
  } else if (plan.useVector) {
    found.vectorRows = await vectorCandidates(db, plan.dimensions, plan.vector);
  } else if (plan.useKeyword) {
    const rows = await keywordPass(db, plan.keyword, KEYWORD_PASSES[0]);
    found.textRows = rows;
    keywordShort = rows.length < plan.candidates && (await keywordCutOff(db, plan.keyword, KEYWORD_PASSES[0], rows));
  }
  const vectorShort = plan.useVector && found.vectorRows.length < plan.candidates;
  if (!vectorShort && !keywordShort) return found;
  // (Not narrow again when the narrow statement has just given way.)
  return widenShortLists(db, plan, found, { vectorShort, keywordShort, tryNarrow: plan.maxChunks > 0 && narrowFirst === undefined });
}

/**
 * A retriever came back short. The vector index's scan stops after `ivfflat.max_probes` lists, and the keyword
 * pass read only the best postings of each term: for a caller who may read a small part of a large knowledge
 * base (their groups, or narrow filters), both can find too few chunks they may read while more exist. (The
 * vector list is also short whenever the caller may read fewer chunks than the candidates.) When the caller may
 * read few chunks, score them all; otherwise read wider: the keyword passes that follow, and an exact vector
 * scan over what they may read, starting from the documents.
 */
async function widenShortLists(
  db: PrismaClient,
  plan: SearchPlan,
  found: Candidates,
  short: { vectorShort: boolean; keywordShort: boolean; tryNarrow: boolean },
): Promise<Candidates> {
  const narrow = short.tryNarrow ? await narrowCandidates(db, narrowArgs(plan, short.vectorShort, short.keywordShort)) : null;
  if (short.tryNarrow) rememberScope(db, plan.scope, worthRemembering(narrow));
  let { vectorRows, textRows } = found;
  if (short.vectorShort) vectorRows = narrow?.vectorRows ?? (await exactVectorCandidates(db, plan.vector, plan));
  if (short.keywordShort) textRows = narrow?.textRows ?? (await widerKeywordCandidates(db, plan.keyword));
  return { vectorRows, textRows };
}
