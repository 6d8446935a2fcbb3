// A user's conversations, their messages and feedback (see manage.ts, store.ts and purge.ts).
export {
  deleteConversation,
  getConversation,
  listConversations,
  renameConversation,
  restoreConversation,
  submitFeedback,
  type ConversationSummary,
} from "./manage";
export { ARCHIVED_CONVERSATION_GRACE_MS, purgeArchivedConversations } from "./purge";
export { CONVERSATION_NOT_FOUND, ConversationError, conversationHistory, requireOwnConversation, titleFrom } from "./store";
export {
  DEFAULT_FEEDBACK_PAGE,
  FEEDBACK_STATUSES,
  dismissFeedback,
  getFeedbackItem,
  listFeedback,
  markFeedbackConverted,
  type FeedbackListItem,
  type FeedbackStatus,
  type ListFeedbackParams,
} from "./inbox";
