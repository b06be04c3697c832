// The IKE check result as the panel draws it (no vscode: unit-tested in plain Node).
import type { DeviceConfig } from '../../engine/ike/devicePolicy';
import type { IkeCheckResult } from '../../engine/ike/ikeCheck';
import type { IkeReportData } from '../protocol/ikeCheckProtocol';

function hms(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export function ikeReportData(r: IkeCheckResult, config: DeviceConfig, source: string): IkeReportData {
  const text = (line: number): string => config.maskedLines[line - 1]?.trim() ?? '';
  return {
    connection: r.connection,
    source,
    device: `${r.device.dialect} "${r.device.name}"`,
    established: r.established,
    verdict: r.established
      ? `Establishes in both directions${r.outagesPer24h ? `, with ${r.outagesPer24h} rekey outage(s) per 24 h` : ''}`
      : 'Does not establish',
    directions: r.directions.map((d) => ({
      initiator: d.initiator === 'Azure' ? 'Azure' : 'device',
      applicable: d.applicable,
      ikeSa: d.ikeSa.established ? (d.ikeSa.chosen ?? '') : `fails: ${d.ikeSa.reason ?? ''}`,
      childSa: d.ikeSa.established ? (d.childSa.established ? (d.childSa.chosen ?? '') : `fails: ${d.childSa.reason ?? ''}`) : '—',
      ok: d.established,
    })),
    timeline: r.timeline.map((e) => ({ atSeconds: e.atSeconds, at: hms(e.atSeconds), sa: e.sa, by: e.by === 'Azure' ? 'Azure' : 'device', kind: e.kind, ok: e.ok, note: e.note })),
    outagesPer24h: r.outagesPer24h,
    findings: r.findings.map((f) => ({
      severity: f.severity,
      title: f.title,
      detail: f.detail,
      lines: f.lines.map((l) => ({ line: l, text: text(l) })),
      fixDevice: f.fix.device ?? '',
      fixAzure: f.fix.azure ?? '',
    })),
    notEvaluated: config.unsupported.map((u) => ({ line: u.line, text: u.text, reason: u.reason })),
    ignoredLines: config.ignored.length,
  };
}
