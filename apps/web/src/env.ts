import { createAppEnv } from "@lore/next/env";

/** This app's configuration: the variables both apps share, validated in @lore/next/env. */
export const env = createAppEnv();
