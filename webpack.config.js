// Builds the extension host bundle, the gateway-lab CLI and one browser bundle per webview panel.
// `webpack --mode production` minifies everything and keeps source maps next to the bundles.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- webpack loads its config as CommonJS */

const fs = require('node:fs');
const path = require('node:path');
const webpack = require('webpack');

const root = __dirname;

/** Shared TypeScript rule: transpile only (tsc --noEmit does the type checking in `npm run typecheck`). */
function tsRule(configFile) {
  return {
    test: /\.ts$/,
    exclude: /node_modules/,
    // ES modules out of TypeScript, so webpack sees `import()` and splits lazily loaded chunks
    // (with the tsconfig's commonjs, dynamic imports would become plain requires and be inlined).
    use: [{ loader: 'ts-loader', options: { transpileOnly: true, configFile, compilerOptions: { module: 'es2022' } } }],
  };
}

/** Settings both node-side bundles share. */
function nodeConfig(mode, overrides) {
  return {
    mode,
    target: 'node20',
    devtool: mode === 'production' ? 'source-map' : 'nosources-source-map',
    resolve: { extensions: ['.ts', '.js'], mainFields: ['main', 'module'] },
    module: { rules: [tsRule(path.join(root, 'tsconfig.json'))] },
    // The Azure SDK pulls in optional native or telemetry modules it guards with try/catch.
    ignoreWarnings: [/Critical dependency/, /Can't resolve '(applicationinsights-native-metrics|@opentelemetry\/tracing|@azure\/functions-core|keytar|bufferutil|utf-8-validate)'/],
    performance: { hints: false },
    infrastructureLogging: { level: 'warn' },
    ...overrides,
  };
}

/** The extension: dist/extension.js. Heavy modules (@azure/*) are imported with `import()` and land in their own chunks. */
function extensionConfig(mode) {
  return nodeConfig(mode, {
    name: 'extension',
    entry: { extension: './src/extension.ts' },
    output: {
      path: path.join(root, 'dist'),
      filename: '[name].js',
      chunkFilename: 'chunks/[name].js',
      library: { type: 'commonjs2' },
      devtoolModuleFilenameTemplate: '../[resource-path]',
      // Drop stale lazy chunks of earlier builds; cli.js and webview/ belong to the other configs.
      clean: { keep: (asset) => !asset.startsWith('chunks/') && !asset.startsWith('extension.js') },
    },
    externals: { vscode: 'commonjs vscode' },
  });
}

/** The CLI: dist/cli.js, runnable as `gateway-lab`. Built only once the engine's src/cli/main.ts exists. */
function cliConfig(mode) {
  return nodeConfig(mode, {
    name: 'cli',
    entry: { cli: './src/cli/main.ts' },
    output: {
      path: path.join(root, 'dist'),
      filename: '[name].js',
      chunkFilename: 'cli-chunks/[name].js',
      library: { type: 'commonjs2' },
      devtoolModuleFilenameTemplate: '../[resource-path]',
    },
    plugins: [new webpack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true })],
    // @azure/storage-common's ESM build does `createRequire(import.meta.url)`; webpack's createRequire
    // handling dropped the import and left `import.meta` in cli.js, so Node took the bundle for an ES
    // module and `gateway-lab` died at start. As a plain import, import.meta.url becomes a literal.
    module: { rules: [tsRule(path.join(root, 'tsconfig.json'))], parser: { javascript: { createRequire: false } } },
  });
}

/** One browser bundle per folder src/webviews/apps/<panel>/ holding a main.ts: dist/webview/<panel>.js. */
function webviewEntries() {
  const dir = path.join(root, 'src', 'webviews', 'apps');
  if (!fs.existsSync(dir)) return {};
  const entries = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const main = path.join(dir, name, 'main.ts');
    if (fs.existsSync(main)) entries[name] = main;
  }
  return entries;
}

function webviewConfig(mode, entries) {
  return {
    name: 'webview',
    mode,
    target: 'web',
    entry: entries,
    devtool: mode === 'production' ? 'source-map' : 'nosources-source-map',
    output: {
      path: path.join(root, 'dist', 'webview'),
      filename: '[name].js',
      // Webviews load only what the CSP allows: one script per panel, no runtime chunk fetching.
      chunkFormat: 'array-push',
      clean: true,
    },
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [
        tsRule(path.join(root, 'src', 'webviews', 'apps', 'tsconfig.json')),
        { test: /\.css$/, type: 'asset/source' },
      ],
    },
    optimization: { splitChunks: false },
    performance: { hints: false },
    infrastructureLogging: { level: 'warn' },
  };
}

module.exports = (_env, argv) => {
  const mode = argv.mode === 'production' ? 'production' : 'development';
  const configs = [extensionConfig(mode)];
  if (fs.existsSync(path.join(root, 'src', 'cli', 'main.ts'))) configs.push(cliConfig(mode));
  const entries = webviewEntries();
  if (Object.keys(entries).length > 0) configs.push(webviewConfig(mode, entries));
  return configs;
};
