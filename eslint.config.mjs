import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

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
    // Tests read the mocks' loosely typed inputs.
    files: ["test/**/*.ts", "offline/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
