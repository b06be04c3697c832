// The IKE check as plain text (CLI) and Markdown-ish lines: verdict, both directions, the 24 h
// rekey timeline and the findings with the device lines to change (keys masked).
import type { DeviceConfig } from './devicePolicy';
import type { IkeCheckResult } from './ikeCheck';

function hms(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
}

export function ikeCheckReport(r: IkeCheckResult, config: DeviceConfig): string {
  const out: string[] = [];
  out.push(`IKE/IPsec check: Azure connection ${r.connection} <-> ${r.device.dialect} "${r.device.name}"`);
  out.push(`Verdict: ${r.established ? 'ESTABLISHES in both directions' : 'DOES NOT ESTABLISH'}${r.outagesPer24h ? ` (${r.outagesPer24h} rekey outage(s) in 24 h)` : ''}`);
  out.push('');
  for (const d of r.directions) {
    const who = d.initiator === 'Azure' ? 'Azure initiates ' : 'Device initiates';
    const na = d.applicable ? '' : ' [not used: connectionMode]';
    out.push(`${who}: IKE SA ${d.ikeSa.established ? d.ikeSa.chosen : `FAILS (${d.ikeSa.reason})`}${na}`);
    if (d.ikeSa.established) out.push(`                  CHILD SA ${d.childSa.established ? d.childSa.chosen : `FAILS (${d.childSa.reason})`}`);
  }
  if (r.timeline.length > 0) {
    out.push('', 'Rekeys over 24 h:');
    const interesting = r.timeline.filter((e) => !e.ok || e.kind !== 'rekey');
    const first = r.timeline.slice(0, 4);
    for (const e of [...new Set([...first, ...interesting.slice(0, 12)])].sort((a, b) => a.atSeconds - b.atSeconds)) {
      out.push(`  ${hms(e.atSeconds)}  ${e.sa.padEnd(5)} ${e.kind.padEnd(6)} ${e.ok ? 'ok  ' : 'FAIL'}  ${e.note}`);
    }
    const rest = r.timeline.length - Math.min(r.timeline.length, 4 + interesting.length);
    if (rest > 0) out.push(`  ... ${rest} more routine rekeys`);
  }
  if (r.findings.length > 0) {
    out.push('', 'Findings:');
    for (const f of r.findings) {
      out.push(`  [${f.severity}] ${f.title}`);
      if (f.detail) out.push(`      ${f.detail}`);
      for (const l of f.lines) out.push(`      line ${l}: ${config.maskedLines[l - 1]?.trim() ?? ''}`);
      if (f.fix.device) out.push(`      fix on the device: ${f.fix.device}`);
      if (f.fix.azure) out.push(`      fix on Azure: ${f.fix.azure}`);
    }
  }
  if (config.unsupported.length > 0) {
    out.push('', 'Lines the check does not evaluate:');
    for (const u of config.unsupported) out.push(`  ${u.line > 0 ? `line ${u.line}: ${u.text} -- ` : ''}${u.reason}`);
  }
  if (config.ignored.length > 0) out.push('', `${config.ignored.length} line(s) outside IKE/IPsec ignored (interfaces, routing, ...).`);
  return out.join('\n');
}
