// The rule engine, report and snapshot writer load on first use, in their own bundle chunk, so
// activation stays cheap (the main bundle carries no rules, prefix math or ipaddr.js).
type Modules = {
  diagnose: typeof import('../diagnostics/diagnose');
  report: typeof import('../diagnostics/report');
  format: typeof import('../diagnostics/snapshotFormat');
};

let loading: Promise<Modules> | undefined;

export function loadDiagnostics(): Promise<Modules> {
  loading ??= Promise.all([
    import(/* webpackChunkName: "diagnostics" */ '../diagnostics/diagnose'),
    import(/* webpackChunkName: "diagnostics" */ '../diagnostics/report'),
    import(/* webpackChunkName: "diagnostics" */ '../diagnostics/snapshotFormat'),
  ]).then(([diagnose, report, format]) => ({ diagnose, report, format }));
  return loading;
}
