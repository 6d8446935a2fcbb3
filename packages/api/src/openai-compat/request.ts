/**
 * The body of `POST /api/v1/chat/completions`, as much of OpenAI's as Lore uses: the question is the last user
 * message. Earlier messages are accepted and not used (v1 answers each request on its own, storing nothing), and
 * so are system messages (Lore answers with its own prompt), `temperature` and `max_tokens` (the active prompt
 * configuration decides), and fields Lore does not know (`tools`, `user`…), which are dropped.
 */
import { z } from "zod";
import { chatSendInput } from "../schemas";

const textPart = z.object({ type: z.literal("text"), text: z.string() });
const otherPart = z.object({ type: z.string() }).loose();

const message = z.object({
  role: z.enum(["system", "developer", "user", "assistant", "tool", "function"]),
  content: z.union([z.string(), z.array(z.union([textPart, otherPart])), z.null()]).optional(),
});

export const chatCompletionRequest = z.object({
  /** Any model name is accepted: Lore has one (`lore`), whatever a client is set to ask for. */
  model: z.string().min(1).max(200),
  messages: z.array(message).min(1).max(500),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  n: z.literal(1, "Lore gives one answer per request: leave n out or set it to 1.").nullish(),
});

export type ChatCompletionRequest = z.output<typeof chatCompletionRequest>;

export type ParsedRequest =
  { ok: true; question: string; stream: boolean; includeUsage: boolean } | { ok: false; message: string; param: string | null };

/** The question and the streaming options of a request body, or what is wrong with it. */
export function parseChatCompletionRequest(body: unknown): ParsedRequest {
  const parsed = chatCompletionRequest.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const param = issue.path.length ? issue.path.map(String).join(".") : null;
    return { ok: false, message: param ? `${param}: ${issue.message}` : issue.message, param };
  }
  const last = parsed.data.messages.findLast((m) => m.role === "user");
  if (!last) return { ok: false, message: "messages: send at least one message with the role user (the question).", param: "messages" };
  const content = last.content ?? "";
  if (Array.isArray(content) && content.some((p) => p.type !== "text"))
    return { ok: false, message: "messages: only text content is supported.", param: "messages" };
  const text = typeof content === "string" ? content : content.map((p) => (p as { text: string }).text).join("\n");
  const question = chatSendInput.shape.question.safeParse(text);
  if (!question.success) return { ok: false, message: `messages: ${question.error.issues[0]!.message}`, param: "messages" };
  return {
    ok: true,
    question: question.data,
    stream: parsed.data.stream ?? false,
    includeUsage: parsed.data.stream_options?.include_usage ?? false,
  };
}
