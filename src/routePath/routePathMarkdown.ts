// The route path as Markdown (the Trace Route Path command's document): the verdict, each hop
// with its status, rule and evidence rows, the fix of the first broken hop, and the return path.
import { SourceId } from '../model/sourceId';
import type { HopEvidence, RoutePathHop, RoutePathResult } from './routePathTypes';
import { firstHopLine } from './firstHopCheck';

/** Escapes text for a Markdown table cell or line (names may hold markup). */
function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, (c) => `\\${c}`);
}

const ICON: Record<RoutePathHop['status'], string> = { ok: '✔ ok', broken: '✖ broken', unknown: '? unknown' };

function evidenceTable(e: HopEvidence): string[] {
  if (e.rows.length === 0) return [`*${md(e.table)}${e.qualifier ? ` (${md(e.qualifier)})` : ''}: no rows*`, ''];
  return [
    `*${md(e.table)}${e.qualifier ? ` (${md(e.qualifier)})` : ''}*`,
    '',
    `| ${e.columns.map(md).join(' | ')} |`,
    `| ${e.columns.map(() => '---').join(' | ')} |`,
    ...e.rows.slice(0, 50).map((r) => `| ${r.map(md).join(' | ')} |`),
    ...(e.rows.length > 50 ? [`\n… ${e.rows.length - 50} more rows`] : []),
    '',
  ];
}

function hops(list: RoutePathHop[], firstBroken: number | null): string[] {
  return list.flatMap((h, i) => [
    `### ${i}. ${ICON[h.status]} · ${md(h.kind)} · ${md(h.name)}${i === firstBroken ? ' — **first broken hop**' : ''}`,
    '',
    md(h.summary),
    '',
    ...(h.rule ? [`Rule: ${md(h.rule)}`, ''] : []),
    ...(h.consequenceOf !== undefined ? [`Broken because of hop ${h.consequenceOf}.`, ''] : []),
    ...(h.fix && h.status !== 'ok' && h.consequenceOf === undefined ? [`**Fix:** ${md(h.fix)}`, ''] : []),
    ...(h.warnings ?? []).map((w) => `⚠ ${md(w)}\n`),
    ...h.evidence.flatMap(evidenceTable),
    `<sub>${md(h.id)}</sub>`,
    '',
  ]);
}

/** `notChecked`: why Network Watcher was not asked (the line is printed either way). */
export function routePathMarkdown(r: RoutePathResult, notChecked?: string): string {
  return [
    `# Route path ${md(r.from)} → ${md(r.to)}`,
    '',
    `${r.source === SourceId.lab ? 'Lab' : 'Azure'} data of ${md(r.takenAt)}.`,
    '',
    `**${md(r.verdict)}**`,
    '',
    md(firstHopLine(r, notChecked)),
    '',
    ...hops(r.hops, r.firstBroken),
    `## Return path${r.returnDelivered === null ? ' (not fully known)' : r.returnDelivered ? '' : ' (broken)'}`,
    '',
    ...hops(r.returnHops, null),
    ...r.notes.map((n) => `> ${md(n)}\n`),
  ].join('\n');
}
