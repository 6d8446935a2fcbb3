// The answer pipeline and its contract (see README.md).
export { answer, type AnswerDeps, type AnswerInput } from "./pipeline";
export type { AnswerEvent, AnswerMode, AnswerTrace, MessagePart, MessageStatus, SourceView, StageLatency, StoredMessage } from "./events";
export { createCitationParser, type Citation } from "./citations";
export { attachCitations } from "./attach";
export { answerSettings, DEFAULT_REFUSAL_THRESHOLD, type AnswerOverrides, type AnswerSettings } from "./settings";
