// Shared ESLint flat config for every Lore package.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

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
    files: ["**/env.ts", "**/*.config.*", "**/scripts/**", "**/*.test.ts", "**/*.test.tsx", "**/e2e/**", "**/test/**"],
    rules: { "no-restricted-properties": "off" },
  },
);
