// Lint rules; the one that matters most keeps VS Code out of the engine, diagnostics and webview code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noVscode = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'src/engine, src/diagnostics and src/webview must run without VS Code (see DESIGN.md).' }],
  }],
};

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
  { files: ['src/engine/**/*.ts', 'src/diagnostics/**/*.ts'], rules: noVscode },
  { files: ['src/webview/**/*.ts'], languageOptions: { globals: { ...globals.browser } }, rules: noVscode },
  { files: ['scripts/**/*.mjs', '*.mjs', 'webpack.config.js'], languageOptions: { globals: { ...globals.node } } },
);
