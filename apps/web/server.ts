// Runs the web app: `node --import tsx server.ts [--port 3000] [--hostname 127.0.0.1] [--dev]` (see @lore/next/server).
import { REQUEST_BODY_LIMITS } from "@lore/api/request-limits";
import { serveApp } from "@lore/next/server";

await serveApp({ name: "web", dir: import.meta.dirname, defaultPort: 3000, bodyLimits: REQUEST_BODY_LIMITS });
