import { createNextConfig } from "@lore/next/config";
import createNextIntlPlugin from "next-intl/plugin";

// Validates the environment when the app is built and when it starts.
import "./src/env";

// Translations: the request's language and messages come from src/i18n/request.ts.
const withNextIntl = createNextIntlPlugin("./src/i18n/request.ts");

export default withNextIntl(createNextConfig());
