/**
 * Usage analytics for the admin console: activity per day (questions, answered vs "not found", ratings), the
 * knowledge gaps (unanswered questions clustered), the most-cited documents, stale examples and the latest
 * questions, over a range of days in a time zone. Read-only; each figure is one bounded statement.
 */
export { ANSWERED_MODES, NOT_FOUND_MODE, activityTotals, messagesPerDay, ratingsPerDay } from "./activity";
export type { ActivityTotals, MessagesDay, RatingsDay } from "./activity";
export { mostCitedDocuments, type CitedDocument } from "./citations";
export { DEFAULT_CLUSTER_SIMILARITY, clusterQuestions, cosine, type ClusterItem, type QuestionCluster } from "./cluster";
export { GAP_SAMPLES, MAX_GAP_QUESTIONS, knowledgeGaps, unansweredQuestions } from "./gaps";
export type { KnowledgeGap, KnowledgeGapsOptions, KnowledgeGapsResult, UnansweredQuestion } from "./gaps";
export { OVERVIEW_DAYS, analyticsOverview, type AnalyticsOverview } from "./overview";
export { MAX_RANGE_DAYS, addDays, checkRange, isIsoDay, isTimeZone, rangeDays } from "./range";
export type { AnalyticsRange, CheckedRange } from "./range";
export { recentQuestions, type RecentQuestion } from "./recent";
export { staleExamples, type StaleExample, type StaleExamplesResult } from "./stale";
export { analyticsSummary, type AnalyticsDay, type AnalyticsSummary, type AnalyticsSummaryOptions } from "./summary";
