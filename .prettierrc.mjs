// Prettier for the whole monorepo: `pnpm format` rewrites, `pnpm format:check` (part of `pnpm lint` and `npm test`) fails on drift.
// The options spell out the style the code base already had; printWidth is wide because the code uses long lines.

/** @type {import("prettier").Config & import("prettier-plugin-tailwindcss").PluginOptions} */
const config = {
  printWidth: 140,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: false,
  trailingComma: "all",
  plugins: ["prettier-plugin-tailwindcss"],
  // Tailwind v4: classes are sorted by the design system built from this stylesheet. It must be an entry point that
  // imports Tailwind itself: packages/ui/src/styles.css holds only Lore's tokens, and on its own the plugin would not know
  // Tailwind's utilities (it would leave them unsorted). Both apps' globals.css are the same `tailwindcss` + `@lore/ui/styles.css`.
  tailwindStylesheet: "./apps/web/src/app/globals.css",
  // `cn(…)` from @lore/ui joins class strings; sort the classes inside its arguments too.
  tailwindFunctions: ["cn"],
};

export default config;
