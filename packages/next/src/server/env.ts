import { z } from "zod";

/** The app server's own settings (every variable is documented in .env.example). Read when the server starts. */
export function serverEnv(source: NodeJS.ProcessEnv = process.env) {
  return z
    .object({
      // Comma-separated addresses or CIDR ranges of the reverse proxies in front of the apps (see ./client-address).
      LORE_TRUSTED_PROXIES: z.string().optional(),
      // Used for the port when --port is not given (platforms that assign one set PORT).
      PORT: z.coerce.number().int().min(1).max(65535).optional(),
    })
    .parse(source);
}
