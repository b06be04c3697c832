// The Diagnostics view's model, free of VS Code types: findings grouped by severity, then by the
// resource they point at (a finding's first resource is the place to look). Lab and Azure
// results are kept apart in the node ids, since the same network read both ways gives the same
// finding ids (VS Code refuses two tree items with one id).
import type { Finding, Severity } from '../../diagnostics/finding';
import { SEVERITY_ORDER } from '../../diagnostics/finding';
import { resourceName } from '../../model/armShapes';
import type { SourceId } from '../../model/sourceId';

export type FindingSource = SourceId;

export const SOURCE_LABEL: Record<FindingSource, string> = { lab: 'lab', azure: 'Azure' };

/** One source's diagnosis as the view shows it. */
export interface SourceFindings {
  source: FindingSource;
  subject: string;
  findings: readonly Finding[];
}

export type DiagNode =
  | { kind: 'severity'; id: string; severity: Severity; label: string; children: DiagNode[]; parent?: DiagNode }
  | { kind: 'resource'; id: string; resourceId: string; source: FindingSource; label: string; description?: string; children: DiagNode[]; parent?: DiagNode }
  | { kind: 'finding'; id: string; finding: Finding; source: FindingSource; children: DiagNode[]; parent?: DiagNode }
  | { kind: 'message'; id: string; label: string; detail?: string; isError: boolean; children: DiagNode[]; parent?: DiagNode };

const SEVERITY_LABEL: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Information' };

export type DiagnosticsState =
  | { kind: 'noData'; message: string }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; subject: string; results: readonly SourceFindings[] };

/** Every finding of a state, lab first. */
export function allFindings(state: DiagnosticsState): Finding[] {
  return state.kind === 'ready' ? state.results.flatMap((r) => r.findings) : [];
}

export function buildDiagnosticsTree(state: DiagnosticsState): DiagNode[] {
  if (state.kind !== 'ready') {
    return [{ kind: 'message', id: 'message', label: state.message, isError: state.kind === 'failed', children: [] }];
  }
  const total = state.results.reduce((n, r) => n + r.findings.length, 0);
  if (total === 0) {
    return [{ kind: 'message', id: 'message', label: 'No findings', detail: state.subject, isError: false, children: [] }];
  }
  // Name the source next to each resource only when more than one source is shown.
  const several = new Set(state.results.map((r) => r.source)).size > 1;
  const roots: DiagNode[] = [];
  for (const severity of SEVERITY_ORDER) {
    const group: DiagNode = { kind: 'severity', id: `severity:${severity}`, severity, label: '', children: [] };
    let count = 0;
    for (const { source, findings } of state.results) {
      const byResource = new Map<string, Finding[]>();
      for (const f of findings) {
        if (f.severity !== severity) continue;
        const key = f.resources[0] ?? '';
        byResource.set(key, [...(byResource.get(key) ?? []), f]);
        count++;
      }
      for (const [resourceId, ofResource] of byResource) {
        const res: DiagNode = {
          kind: 'resource',
          id: `${group.id}/${source}/${resourceId}`,
          resourceId,
          source,
          label: resourceId ? resourceName(resourceId) : '(no resource)',
          ...(several ? { description: SOURCE_LABEL[source] } : {}),
          children: [],
          parent: group,
        };
        res.children = ofResource.map((finding) => ({ kind: 'finding', id: `${res.id}/${finding.id}`, finding, source, children: [], parent: res }));
        group.children.push(res);
      }
    }
    if (count === 0) continue;
    group.label = `${SEVERITY_LABEL[severity]} (${count})`;
    roots.push(group);
  }
  return roots;
}

/** The view's node of a finding; the first match when no source is given. */
export function findFindingNode(nodes: readonly DiagNode[], findingId: string, source?: FindingSource): DiagNode | undefined {
  for (const n of nodes) {
    if (n.kind === 'finding' && n.finding.id === findingId && (source === undefined || n.source === source)) return n;
    const inner = findFindingNode(n.children, findingId, source);
    if (inner) return inner;
  }
  return undefined;
}
