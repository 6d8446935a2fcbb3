// ESLint flat config for packages/core: the base rules, and core stays free of UI and transport frameworks.
import base, { importRestrictions } from "./base.js";

const FRAMEWORK_FREE = [
  {
    regex: "^(?:react|react-dom|next)(?:/|$)|^@(?:trpc|tanstack)/",
    message:
      "packages/core is the framework-free domain: no React, Next.js, tRPC or TanStack here. Put transport and UI code in packages/api, packages/next or the apps.",
  },
  {
    regex: "^@lore/(?:api|next|ui)(?:/|$)",
    message:
      "packages/core is the bottom layer: it must not import @lore/api, @lore/next or @lore/ui (they depend on core, not the reverse).",
  },
];

// Replaces base's no-restricted-imports blocks (same files, later wins) with ones that also carry FRAMEWORK_FREE.
export default [...base, ...importRestrictions(FRAMEWORK_FREE)];
