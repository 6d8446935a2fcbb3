// A user's conversations, their messages and feedback (see manage.ts and store.ts).
export {
  deleteConversation,
  getConversation,
  listConversations,
  renameConversation,
  submitFeedback,
  type ConversationSummary,
} from "./manage";
export { CONVERSATION_NOT_FOUND, ConversationError, conversationHistory, requireOwnConversation, titleFrom } from "./store";
