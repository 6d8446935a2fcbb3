import { LoreError } from "../errors/lore-error";

/**
 * Why a prompt could not be assembled within the budget:
 * - PROMPT_TOO_LARGE: the system prompt and the question alone exceed the room left by the context window.
 * - NO_ROOM_FOR_SOURCE: they fit, but not even the first sentence of the best source does.
 */
export type PromptBudgetErrorCode = "PROMPT_TOO_LARGE" | "NO_ROOM_FOR_SOURCE";

/** The prompt does not fit the model's context window; the message says which setting to change. */
export class PromptBudgetError extends LoreError<PromptBudgetErrorCode> {
  override readonly name = "PromptBudgetError";

  constructor(
    code: PromptBudgetErrorCode,
    message: string,
    /** Tokens the smallest possible prompt needs, and the tokens available for the prompt. */
    readonly needed: number,
    readonly available: number,
  ) {
    super(code, "too_large", message);
  }
}

export function isPromptBudgetError(error: unknown, code?: PromptBudgetErrorCode): error is PromptBudgetError {
  return error instanceof PromptBudgetError && (code === undefined || error.code === code);
}
