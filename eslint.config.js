// ESLint: typescript-eslint's recommended rules plus the typed rules that catch real bugs in async server code
// (floating and misused promises). Server and web code are typed by their own tsconfigs.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "bench/data/**", ".sokuho/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["vite.config.ts"],
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { project: ["./tsconfig.json", "./tsconfig.web.json"], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  { files: ["**/*.js", "vite.config.ts"], languageOptions: { globals: { ...globals.node } } },
  { files: ["src/web/**", "src/**/ui/**"], languageOptions: { globals: { ...globals.browser } } },
  // The UI takes the API's shapes from the contracts as types only, so zod (and the server) stay out of its bundle.
  {
    files: ["src/web/**", "src/**/ui/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", {
        patterns: [{ group: ["zod", "zod/*", "**/contract", "**/contract.js"], allowTypeImports: true, message: "The UI imports contracts and zod as types only (import type)." }],
      }],
    },
  },
  // node:test's test() and describe() return promises the runner awaits.
  { files: ["**/*.test.ts"], rules: { "@typescript-eslint/no-floating-promises": "off" } },
  { files: ["bench/**", "scripts/**", "src/cli/**", "**/cli*.ts"], rules: { "no-console": "off" } },
);
