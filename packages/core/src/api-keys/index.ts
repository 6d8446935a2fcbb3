// Per-user API keys: create (the secret shown once), list, revoke, and authenticate a request's key (see keys.ts).
export {
  API_KEY_NOT_FOUND_MESSAGE,
  ApiKeyError,
  authenticateApiKey,
  createApiKey,
  listApiKeys,
  MAX_ACTIVE_API_KEYS,
  MAX_API_KEY_NAME_LENGTH,
  revokeApiKey,
  type ApiKeyErrorCode,
  type ApiKeyUser,
  type ApiKeyView,
} from "./keys";
export { API_KEY_PREFIX, looksLikeApiKey } from "./secret";
