// Renders findings as a Markdown report (the extension's report document and `diagnose` output).
import type { NetworkSnapshot } from '../model/snapshot';
import { gatewayMode } from '../model/gatewayMode';
import { countBySeverity } from './diagnose';
import type { EvidenceCell, EvidenceTable, Finding } from './finding';

/** Escapes what would break a Markdown table cell or inline text. */
function cell(v: EvidenceCell): string {
  const s = typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
  return s === '' ? ' ' : s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function text(s: string): string {
  // Underscores stay: intraword "_" is not emphasis in CommonMark and names like IN_0 are common.
  return s.replace(/([\\`*[\]<>#|])/g, '\\$1');
}

export function evidenceMarkdown(t: EvidenceTable): string {
  const lines = [`**${text(t.title)}**`, ''];
  if (t.rows.length === 0) return [...lines, '_(no rows)_', ''].join('\n');
  lines.push(`| ${t.columns.map(cell).join(' | ')} |`, `| ${t.columns.map(() => '---').join(' | ')} |`);
  for (const r of t.rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  lines.push('');
  return lines.join('\n');
}

export function findingMarkdown(f: Finding): string {
  const out = [`### ${f.severity.toUpperCase()}: ${text(f.title)}`, ''];
  out.push(`- Rule: \`${f.ruleId}\``, `- Finding id: \`${f.id}\``);
  if (f.resources.length > 0) out.push(`- Resources:`, ...f.resources.map((r) => `  - \`${r}\``));
  out.push('', text(f.explanation), '');
  if (f.modelNote) out.push(`> ${text(f.modelNote)}`, '');
  for (const t of f.evidence) out.push(evidenceMarkdown(t));
  if (f.actions.length > 0) {
    out.push('**Actions**', '');
    for (const a of f.actions) out.push(a.url ? `- ${text(a.label)} ([docs](${a.url}))` : `- ${text(a.label)}`);
    out.push('');
  }
  return out.join('\n');
}

export interface ReportContext {
  /** What was diagnosed, e.g. "lab scenario coex-udr at t=120 s" or a file name. */
  subject: string;
  snapshot?: Pick<NetworkSnapshot, 'source' | 'takenAt'> & Partial<Pick<NetworkSnapshot, 'gateways'>>;
}

export function reportMarkdown(findings: readonly Finding[], ctx: ReportContext): string {
  const c = countBySeverity(findings);
  const out = [`# Gateway Lens diagnostics: ${text(ctx.subject)}`, ''];
  if (ctx.snapshot) out.push(`Data: ${ctx.snapshot.source}, taken at ${ctx.snapshot.takenAt}.`, '');
  const gateways = ctx.snapshot?.gateways ?? [];
  if (gateways.length > 0) {
    // Each gateway with its kind and mode, so a reader knows what the findings are about.
    out.push('Gateways:', '');
    for (const { gateway: g } of gateways) {
      const mode = gatewayMode(g);
      out.push(`- ${text(g.name)}: ${g.gatewayType === 'ExpressRoute' ? 'ExpressRoute' : 'VPN'} · ${text(g.sku.name)} · ${mode.label}${mode.kind === 'expressRouteActiveActive' ? ` (${text(mode.explanation)})` : ''}`);
    }
    out.push('');
  }
  out.push(`${c.error} error(s), ${c.warning} warning(s), ${c.info} informational.`, '');
  if (findings.length === 0) out.push('No findings.', '');
  for (const f of findings) out.push(findingMarkdown(f));
  return out.join('\n');
}
