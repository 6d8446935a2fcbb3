import { z } from "zod";
import { freeText, idSchema } from "./common";

/** The longest key name (core's MAX_API_KEY_NAME_LENGTH). */
export const MAX_API_KEY_NAME_CHARS = 100;

export const createApiKeyInput = z.object({
  name: freeText(MAX_API_KEY_NAME_CHARS).pipe(z.string().min(1, "Give the key a name, e.g. the script that will use it.")),
  /** When the key stops working; never when left out. */
  expiresAt: z.coerce.date().optional(),
});

export const revokeApiKeyInput = z.object({ id: idSchema });
