import { z } from "zod";
import { freeText, idSchema } from "./common";

/** The longest question accepted, in characters (a long paste still fits; a document does not). */
export const MAX_QUESTION_CHARS = 4000;

export const chatSendInput = z.object({
  question: freeText(MAX_QUESTION_CHARS).pipe(z.string().min(1, "Type a question.")),
  /** Continue this conversation; a new one otherwise. */
  conversationId: idSchema.optional(),
});

export const listConversationsInput = z.object({
  limit: z.number().int().min(1).max(100).default(30),
  cursor: idSchema.optional(),
  /** Searches titles and the text of the messages. */
  query: freeText(200).optional(),
});

/** The longest conversation title, in characters (the rename form checks the same). */
export const MAX_CONVERSATION_TITLE_CHARS = 120;

export const conversationIdInput = z.object({ id: idSchema });

export const renameConversationInput = z.object({
  id: idSchema,
  title: freeText(MAX_CONVERSATION_TITLE_CHARS).pipe(z.string().min(1, "Give the conversation a title.")),
});

export const feedbackInput = z.object({
  messageId: idSchema,
  rating: z.union([z.literal(1), z.literal(-1)]),
  comment: freeText(2000).optional(),
});
