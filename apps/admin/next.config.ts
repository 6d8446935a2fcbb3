import { createNextConfig } from "@lore/next/config";

// Validates the environment when the app is built and when it starts.
import "./src/env";

export default createNextConfig({
  experimental: {
    // forbidden() / unauthorized() from next/navigation: non-admins get a real 403.
    authInterrupts: true,
  },
});
