// Lint rules. The ones that matter most keep the boundaries of DESIGN.md: the engine, the
// diagnostics, the shared model and browser-side webview code run without VS Code, and
// dependencies point down (browser apps -> protocol/model; engine/diagnostics -> model only).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** One `no-restricted-imports` per folder (a later config object replaces an earlier one's rule). */
function boundary(message, regexes, { vscode = false } = {}) {
  return {
    'no-restricted-imports': ['error', {
      paths: vscode ? [{ name: 'vscode', message }] : [],
      patterns: regexes.map((regex) => ({ regex, message })),
    }],
  };
}

// A relative import that reaches into one of these top-level folders of src/.
const into = (...folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.vscode-test/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'eqeqeq': ['error', 'smart'],
    },
  },
  {
    files: ['src/model/**/*.ts'],
    rules: boundary('src/model holds shapes and pure helpers every side imports: it imports nothing else of src/ and never vscode.', [into('engine', 'diagnostics', 'azure', 'host', 'views', 'commands', 'webviews', 'cli')], { vscode: true }),
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: boundary('src/engine (the lab) runs without VS Code and imports no views, Azure client, panels, host or CLI (see DESIGN.md).', [into('views', 'azure', 'host', 'commands', 'webviews', 'cli', 'diagnostics')], { vscode: true }),
  },
  {
    files: ['src/diagnostics/**/*.ts'],
    rules: boundary('src/diagnostics (snapshot in, findings out) runs without VS Code and imports no views, Azure client, panels or host.', [into('views', 'azure', 'host', 'commands', 'webviews', 'cli')], { vscode: true }),
  },
  {
    files: ['src/routePath/**/*.ts'],
    rules: boundary('src/routePath (the route path tracer) is pure: snapshot in, hops out; it imports only src/model and never vscode.', [into('engine', 'diagnostics', 'azure', 'host', 'views', 'commands', 'webviews', 'cli')], { vscode: true }),
  },
  {
    files: ['src/azure/**/*.ts'],
    rules: boundary('src/azure (the ARM client) never imports panels, views or commands: they import it.', [into('webviews', 'views', 'commands')]),
  },
  {
    files: ['src/webviews/apps/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    // From src/webviews/apps/<app>/: ../shared, ../../protocol and ../../../model only.
    rules: boundary('Browser code (src/webviews/apps) imports only its own app, apps/shared, webviews/protocol and src/model.', ['^(\\.\\./)+(?!(protocol|model|shared)/)[^.]'], { vscode: true }),
  },
  { files: ['scripts/**/*.mjs', '*.mjs', 'webpack.config.js'], languageOptions: { globals: { ...globals.node } } },
);
