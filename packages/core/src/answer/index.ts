// The answer pipeline and its contract (see README.md).
export { answer, type AnswerDeps, type AnswerInput } from "./pipeline";
export type { AnswerEvent, AnswerMode, AnswerTrace, MessagePart, MessageStatus, SourceView, StageLatency, StoredMessage } from "./events";
export { createCitationParser, type Citation } from "./citations";
export { attachCitations } from "./attach";
export { answerSettings, DEFAULT_REFUSAL_THRESHOLD, type AnswerOverrides, type AnswerSettings } from "./settings";
export { INSPECTION_VERSION, readInspection, type AnswerInspection, type InspectedExample, type InspectedPrompt } from "./inspection";
export { checkInspectInput, inspectAnswer, InspectorError, type InspectEvent, type InspectInput } from "./inspect";
export { readAnswerTrace, AnswerTraceError, type AnswerTraceView } from "./trace-view";
export type { SearchExplanation, ExplainedCandidate, FusedCandidate, RetrieverHit } from "../retrieve/explain";
