// Shared ESLint flat config for every Lore package.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * Files that may use test helpers (`@lore/<pkg>/testing`). Globs are relative to the package's eslint.config.js,
 * since ESLint runs once per package.
 */
export const TEST_FILES = [
  "**/*.test.ts",
  "**/*.test.tsx",
  "**/*.int.test.ts",
  "**/test/**",
  "**/testing/**",
  "**/testing.ts",
  "**/e2e/**",
  "**/__fixtures__/**",
  "**/vitest.config.*",
  "**/vitest-config.*",
  "**/playwright.config.*",
];

/** Package boundaries, for every file: other packages are reached only through their package.json "exports". */
const BOUNDARIES = [
  {
    regex: "^@lore/[^/]+/src(?:/|$)",
    message: 'Import another package through its public entry points (its package.json "exports"), not its src/ files.',
  },
  {
    // A relative (or absolute) path that climbs out of this package into another one (`../../../packages/db/…`,
    // `../../core/src/…`), or any path into a workspace package's src/.
    regex:
      "^(?:\\.\\./|/)(?:[^/]+/)*(?:apps|packages|tooling|scripts)/|^(?:\\.\\./)+[^./][^/]*/src(?:/|$)|(?:^|/)(?:apps|packages|tooling)/[^/]+/src(?:/|$)",
    message: 'Do not reach into another workspace package by path: import it by name (@lore/…) through its package.json "exports".',
  },
  {
    regex: "^@lore/core/[^/]+/",
    message: "@lore/core has one entry point per top-level folder: import from @lore/core/<folder>, not @lore/core/<folder>/<file>.",
  },
];

const TEST_HELPERS = {
  regex: "^@lore/[^/]+/testing(?:/|$)",
  message:
    "Product code must not import test helpers (@lore/*/testing): only tests, test/, testing/, e2e/, __fixtures__/ and vitest configs may.",
};

/**
 * The `no-restricted-imports` blocks: the package boundaries plus `extraPatterns` everywhere, and the test-helper ban
 * outside test files. Flat config does not merge a rule's options across blocks (a later block replaces the earlier
 * options for the files it matches), so every block carries the full list it wants; a config that adds patterns
 * (core.js) appends these blocks again with its extras rather than adding a block of its own.
 */
export function importRestrictions(extraPatterns = []) {
  return [
    { rules: { "no-restricted-imports": ["error", { patterns: [...BOUNDARIES, ...extraPatterns, TEST_HELPERS] }] } },
    { files: TEST_FILES, rules: { "no-restricted-imports": ["error", { patterns: [...BOUNDARIES, ...extraPatterns] }] } },
  ];
}

export default tseslint.config(
  {
    ignores: ["**/node_modules/**", "**/.next/**", "**/dist/**", "**/generated/**", "**/.turbo/**", "**/*.d.ts"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { prefer: "type-imports", fixStyle: "inline-type-imports" }],
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read configuration through the package's validated env module (env.ts).",
        },
      ],
    },
  },
  {
    // Env modules, configs, scripts and tests may read process.env directly.
    files: ["**/env.ts", "**/*.config.*", "**/*.test.ts", "**/*.test.tsx", "**/e2e/**", "**/test/**"],
    rules: { "no-restricted-properties": "off" },
  },
  ...importRestrictions(),
);
