// Findings that need the past, not only the present: from a gateway's diagnostic log rows (and the
// events classified from them). ARM data shows how things are now; these rules see what kept
// happening: tunnel flapping, recurring failovers, BGP session flaps, a prefix-limit drop (ARM
// shows only an Idle peer with 0 routes), and a disconnect explained by planned maintenance.
import { DOCS } from '../docs';
import { findingId, type EvidenceCell, type Finding } from '../finding';
import type { ActivityLogEntry, GatewayLogRow, HistoryEvent } from '../../model/gatewayHistory';
import { classifyHistory, rowGateway } from './classifyHistory';

export const HISTORY_RULES = {
  tunnelFlapping: 'history-tunnel-flapping',
  recurringFailovers: 'history-recurring-failovers',
  bgpFlaps: 'history-bgp-session-flaps',
  prefixLimitDrop: 'history-bgp-prefix-limit-drop',
  maintenance: 'history-planned-maintenance',
  ikeErrors: 'history-ike-negotiation-errors',
} as const;

export interface HistoryRuleOptions {
  /** N disconnects of one tunnel within the window make it flapping. */
  flapCount?: number;
  flapWindowSeconds?: number;
  /** N failovers of one gateway within the window are recurring. */
  failoverCount?: number;
  failoverWindowSeconds?: number;
  /** N drops of one BGP session within the window are flaps. */
  bgpFlapCount?: number;
  bgpFlapWindowSeconds?: number;
}

const DEFAULTS: Required<HistoryRuleOptions> = { flapCount: 3, flapWindowSeconds: 3600, failoverCount: 2, failoverWindowSeconds: 86_400, bgpFlapCount: 3, bgpFlapWindowSeconds: 3600 };

function ms(iso: string): number {
  return Date.parse(iso);
}

/** The densest run of `times` (sorted) inside `windowMs`: its first and last index. */
function densest(times: number[], windowMs: number): { from: number; to: number } {
  let best = { from: 0, to: 0 };
  let j = 0;
  for (let i = 0; i < times.length; i++) {
    while (times[i]! - times[j]! > windowMs) j++;
    if (i - j > best.to - best.from) best = { from: j, to: i };
  }
  return best;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) m.set(key(it), [...(m.get(key(it)) ?? []), it]);
  return m;
}

function rowEvidence(rows: GatewayLogRow[]): { columns: string[]; rows: EvidenceCell[][] } {
  return { columns: ['TimeGenerated', 'OperationName', 'instance_s', 'remoteIP_s', 'Message'], rows: rows.map((r) => [r.TimeGenerated, r.OperationName, r.instance_s ?? '', r.remoteIP_s ?? r.peerAddress_s ?? '', r.Message]) };
}

function gatewayIdOf(row: GatewayLogRow): string {
  return row.ResourceId || rowGateway(row);
}

export function diagnoseHistory(rows: readonly GatewayLogRow[], activity: readonly ActivityLogEntry[] = [], options: HistoryRuleOptions = {}, events: HistoryEvent[] = classifyHistory(rows, activity)): Finding[] {
  const o = { ...DEFAULTS, ...options };
  const findings: Finding[] = [];
  const sorted = [...rows].sort((a, b) => ms(a.TimeGenerated) - ms(b.TimeGenerated));

  // Tunnel flapping: N disconnects of one tunnel in the window.
  const downs = sorted.filter((r) => r.Category === 'TunnelDiagnosticLog' && r.OperationName === 'TunnelDisconnected');
  for (const [key, list] of groupBy(downs, (r) => `${gatewayIdOf(r).toLowerCase()}|${r.connectionName_s ?? r.remoteIP_s ?? ''}`)) {
    const d = densest(list.map((r) => ms(r.TimeGenerated)), o.flapWindowSeconds * 1000);
    const n = d.to - d.from + 1;
    if (n < o.flapCount) continue;
    const proof = list.slice(d.from, d.to + 1);
    const first = proof[0]!;
    const tunnel = first.connectionName_s ?? first.remoteIP_s ?? 'a tunnel';
    findings.push({
      id: findingId(HISTORY_RULES.tunnelFlapping, [gatewayIdOf(first)], key.split('|')[1]),
      ruleId: HISTORY_RULES.tunnelFlapping,
      severity: 'warning',
      resources: [gatewayIdOf(first)],
      title: `${rowGateway(first)}: tunnel ${tunnel} disconnected ${n} times within ${Math.round(o.flapWindowSeconds / 60)} min`,
      explanation: 'Repeated disconnects of one tunnel. On the same instance they point at DPD timeouts or the on-premises device dropping the SA (check its logs and IKE/IPsec lifetimes); on alternating instances at repeated failovers.',
      evidence: [{ title: 'TunnelDisconnected rows', ...rowEvidence(proof) }],
      actions: [
        { label: 'Troubleshoot intermittent site-to-site disconnects.', url: DOCS.s2sDisconnects },
        { label: 'Read the IKEDiagnosticLog rows around the disconnects.', url: 'https://learn.microsoft.com/en-us/azure/vpn-gateway/troubleshoot-vpn-with-azure-diagnostics' },
      ],
    });
  }

  // Recurring failovers of one gateway.
  const failovers = events.filter((e) => e.kind === 'failover');
  for (const [, list] of groupBy(failovers, (e) => e.gateway.toLowerCase())) {
    const d = densest(list.map((e) => ms(e.at)), o.failoverWindowSeconds * 1000);
    const n = d.to - d.from + 1;
    if (n < o.failoverCount) continue;
    const proof = list.slice(d.from, d.to + 1);
    const gwRow = rows[proof[0]!.rows[0]!];
    const id = gwRow ? gatewayIdOf(gwRow) : proof[0]!.gateway;
    const planned = proof.filter((e) => e.reason === 'planned maintenance' || e.reason === 'gateway reset').length;
    findings.push({
      id: findingId(HISTORY_RULES.recurringFailovers, [id]),
      ruleId: HISTORY_RULES.recurringFailovers,
      severity: planned === n ? 'info' : 'warning',
      resources: [id],
      title: `${proof[0]!.gateway}: ${n} failovers within ${Math.round(o.failoverWindowSeconds / 3600)} h${planned > 0 ? ` (${planned} planned or reset)` : ''}`,
      explanation: 'Each failover interrupts the tunnels for seconds (planned) to minutes (unplanned). Failovers that are neither maintenance nor a reset recurring on one gateway are worth a support case.',
      evidence: [{ title: 'Failovers', columns: ['at', 'from', 'to', 'gap (s)', 'reason'], rows: proof.map((e) => [e.at, e.fromInstance ?? '', e.toInstance ?? '', e.gapSeconds ?? '', e.reason ?? '']) }],
      actions: [{ label: 'About active/standby failover and how long it takes.', url: DOCS.highlyAvailable }],
    });
  }

  // BGP session flaps and prefix-limit drops (RouteDiagnosticLog).
  const bgpDowns = sorted.filter((r) => r.Category === 'RouteDiagnosticLog' && r.OperationName === 'BgpDisconnectedEvent');
  for (const [key, list] of groupBy(bgpDowns, (r) => `${gatewayIdOf(r).toLowerCase()}|${r.peerAddress_s ?? /peer\s+([0-9a-f.:]+)/i.exec(r.Message)?.[1] ?? ''}|${r.instance_s ?? ''}`)) {
    const [, peer, instance] = key.split('|');
    const first = list[0]!;
    const limit = list.filter((r) => /prefix limit|maximum prefix|max.?prefix/i.test(`${r.stateChangeReason_s ?? ''} ${r.Message}`));
    if (limit.length > 0) {
      findings.push({
        id: findingId(HISTORY_RULES.prefixLimitDrop, [gatewayIdOf(first)], `${peer}/${instance}`),
        ruleId: HISTORY_RULES.prefixLimitDrop,
        severity: 'error',
        resources: [gatewayIdOf(first)],
        title: `${rowGateway(first)}: BGP peer ${peer} dropped for exceeding the prefix limit (${limit.length}x)`,
        explanation: 'The peer advertised more prefixes than the gateway accepts (4,000 per VPN BGP peer), so the gateway dropped the session. ARM alone shows only an Idle peer with 0 routes; the route log says why. Summarise the on-premises prefixes or advertise fewer.',
        evidence: [{ title: 'BgpDisconnectedEvent rows', ...rowEvidence(limit) }],
        actions: [{ label: 'BGP limits of VPN Gateway (FAQ).', url: DOCS.vpnFaqBgp }],
      });
    }
    const d = densest(list.map((r) => ms(r.TimeGenerated)), o.bgpFlapWindowSeconds * 1000);
    const n = d.to - d.from + 1;
    if (n >= o.bgpFlapCount) {
      const proof = list.slice(d.from, d.to + 1);
      findings.push({
        id: findingId(HISTORY_RULES.bgpFlaps, [gatewayIdOf(first)], `${peer}/${instance}`),
        ruleId: HISTORY_RULES.bgpFlaps,
        severity: 'warning',
        resources: [gatewayIdOf(first)],
        title: `${rowGateway(first)}: BGP session with ${peer} dropped ${n} times within ${Math.round(o.bgpFlapWindowSeconds / 60)} min`,
        explanation: 'A BGP session that keeps dropping withdraws and re-learns its routes each time, so traffic towards its prefixes stops repeatedly even when the tunnel stays up.',
        evidence: [{ title: 'BgpDisconnectedEvent rows', ...rowEvidence(proof) }],
        actions: [{ label: 'BGP on VPN Gateway: peering addresses, ASNs and timers.', url: DOCS.vpnBgpOverview }],
      });
    }
  }

  // A disconnect explained by planned maintenance: information, not an error.
  for (const e of events) {
    if (e.kind !== 'failover' && e.kind !== 'flap') continue;
    if (e.reason !== 'planned maintenance') continue;
    const row = rows[e.rows[0]!];
    const id = row ? gatewayIdOf(row) : e.gateway;
    findings.push({
      id: findingId(HISTORY_RULES.maintenance, [id], e.at),
      ruleId: HISTORY_RULES.maintenance,
      severity: 'info',
      resources: [id],
      title: `${e.gateway}: the disconnect at ${e.at} was planned maintenance (${e.fromInstance ?? ''} -> ${e.toInstance ?? ''}, gap ${e.gapSeconds ?? '?'} s)`,
      explanation: 'A HostMaintenanceEvent preceded the disconnect and the other instance took over: expected behaviour of an active/standby gateway (connectivity back in 10-15 s). Active/active gateways avoid the gap.',
      evidence: [{ title: 'Rows', ...rowEvidence(e.rows.map((i) => rows[i]!).filter((r) => r !== undefined)) }],
      actions: [{ label: 'About gateway redundancy during planned maintenance.', url: DOCS.highlyAvailable }],
    });
  }
  // IKE negotiation errors in the IKE log (NO_PROPOSAL_CHOSEN, AUTHENTICATION_FAILED, ...): one
  // finding per gateway and remote peer, with the failing rows; the IKE/IPsec check names the fix.
  const ikeErrors = events.filter((e) => e.kind === 'ikeError');
  for (const [key, list] of groupBy(ikeErrors, (e) => `${e.gateway.toLowerCase()}|${rows[e.rows[0]!]?.remoteIP_s ?? ''}`)) {
    const proofRows = list.flatMap((e) => e.rows.map((i) => rows[i]!)).filter((r) => r !== undefined);
    const first = proofRows[0];
    if (!first) continue;
    const remote = first.remoteIP_s ? ` with ${first.remoteIP_s}` : '';
    findings.push({
      id: findingId(HISTORY_RULES.ikeErrors, [gatewayIdOf(first)], key.split('|')[1]),
      ruleId: HISTORY_RULES.ikeErrors,
      severity: 'error',
      resources: [gatewayIdOf(first)],
      title: `${rowGateway(first)}: IKE negotiation${remote} failed ${proofRows.length} time(s): ${first.Message}`,
      explanation: 'The IKE log shows the negotiation failing: the tunnel cannot come up until both sides agree on proposals, DH/PFS groups, IKE version and the shared key. Check the device configuration against the connection (Gateway Lens: Check On-Premises VPN Config).',
      evidence: [{ title: 'IKEDiagnosticLog error rows', ...rowEvidence(proofRows) }],
      actions: [
        { label: 'IPsec/IKE parameters Azure negotiates.', url: DOCS.vpnDevicesIpsec },
        { label: 'Custom IPsec/IKE policy for a connection.', url: DOCS.ipsecIkePolicy },
      ],
    });
  }

  return findings;
}
