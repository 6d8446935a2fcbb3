import { LoreError, type LoreErrorKind } from "../errors/lore-error";

/** What went wrong with a request about users or groups; the message says it for the admin who made it. */
export type AccountErrorCode =
  | "USER_NOT_FOUND"
  | "GROUP_NOT_FOUND"
  | "NOT_A_MEMBER"
  | "PAGE_GONE"
  | "LAST_ADMIN"
  | "GROUP_EXISTS"
  | "GROUP_IN_USE"
  | "USER_EXISTS"
  | "SELF_DEACTIVATION";

const KINDS: Record<AccountErrorCode, LoreErrorKind> = {
  USER_NOT_FOUND: "not_found",
  GROUP_NOT_FOUND: "not_found",
  NOT_A_MEMBER: "not_found",
  PAGE_GONE: "not_found",
  LAST_ADMIN: "conflict",
  GROUP_EXISTS: "conflict",
  GROUP_IN_USE: "conflict",
  USER_EXISTS: "conflict",
  SELF_DEACTIVATION: "conflict",
};

export class AccountError extends LoreError<AccountErrorCode> {
  override readonly name = "AccountError";
  constructor(code: AccountErrorCode, message: string) {
    super(code, KINDS[code], message);
  }
}

export const USER_NOT_FOUND_MESSAGE = "That user does not exist.";
export const GROUP_NOT_FOUND_MESSAGE = "That group does not exist.";
