// Imported first by extension.ts: records when the bundle started evaluating, so activation
// time can include module loading (bench/extension.ts reports it).
export const bundleEvaluationStart = performance.now();
