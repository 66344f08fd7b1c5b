import eslint from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

/** The resource code, linted with the rules that read types (npm test gives them its program: test/types-and-lint.mjs). */
const TYPED_FILES = ["index.ts", "tiers/**/*.ts", "lib/**/*.ts", "config/**/*.ts", "contracts/**/*.ts", "stacks/**/*.ts"];

export default tseslint.config(
  { ignores: ["node_modules/**", "bin/**"] },
  eslint.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // An Output in a plain template literal becomes text saying it is an Output, not its value (use pulumi.interpolate).
    // The rules read types, so they need the type-checker's program (typescript-eslint's project service).
    files: TYPED_FILES,
    languageOptions: { parserOptions: { project: "tsconfig.lint.json", tsconfigRootDir: import.meta.dirname } },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
    },
  },
  {
    // Tests read the mocks' loosely typed inputs.
    files: ["test/**/*.ts", "offline/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
