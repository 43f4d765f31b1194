import tseslint from "typescript-eslint";

// Architecture Invariants (ARCHITECTURE.md), enforced: a violating import fails `npm run lint`.
const SERVER_LIBS = {
  paths: ["vscode", "vscode-languageserver", "vscode-languageclient", "vscode-jsonrpc"].map((name) => ({
    name,
    message: "Architecture Invariant: server/src/core never imports vscode or the LSP libraries.",
  })),
  patterns: [
    {
      regex: "^(vscode|vscode-languageserver|vscode-languageclient|vscode-jsonrpc)(/|$)",
      message: "Architecture Invariant: server/src/core never imports vscode or the LSP libraries.",
    },
    {
      regex: "(^|/)(lsp|cli)/",
      message: "Architecture Invariant: server/src/core never imports the language server (lsp/) or the CLI (cli/).",
    },
    { regex: "(^|/)protocol(\\.js)?$", message: "Architecture Invariant: server/src/core never imports the protocol." },
  ],
};
const LLAMA = (allowTypeImports) => ({
  regex: "^node-llama-cpp(/|$)",
  allowTypeImports,
  message:
    "Architecture Invariant: only server/src/core/model loads node-llama-cpp (bench/ and test/ may import types).",
});
const CORE_FROM_EXTENSION = {
  regex: "(^|/)server/src/core(/|$)",
  message: "Architecture Invariant: the extension imports nothing from server/src/core; use server/src/protocol.ts.",
};
const restrict = (options) => ({ "@typescript-eslint/no-restricted-imports": ["error", options] });

export default tseslint.config(
  { ignores: ["dist/**", "out/**", "node_modules/**", "media/**", ".cache/**"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { project: "./tsconfig.json" } },
    rules: {
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          allowForKnownSafeCalls: [
            { from: "package", package: "node:test", name: ["test", "describe", "it", "suite"] },
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "off",
      ...restrict({ patterns: [LLAMA(false)] }),
    },
  },
  {
    files: ["server/src/core/**/*.ts"],
    ignores: ["server/src/core/model/**"],
    rules: restrict({ paths: SERVER_LIBS.paths, patterns: [...SERVER_LIBS.patterns, LLAMA(false)] }),
  },
  { files: ["server/src/core/model/**/*.ts"], rules: restrict(SERVER_LIBS) },
  { files: ["extension/src/**/*.ts"], rules: restrict({ patterns: [CORE_FROM_EXTENSION, LLAMA(false)] }) },
  { files: ["bench/**/*.ts", "test/**/*.ts"], rules: restrict({ patterns: [LLAMA(true)] }) },
);
