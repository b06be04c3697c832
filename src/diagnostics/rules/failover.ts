// Recent or ongoing failover: from the lab's failover record, and for Azure data from tunnels
// re-established shortly before the snapshot (the only trace a failover leaves in ARM data).
import { DOCS } from '../docs';
import { findingId, type RuleFinding } from '../finding';
import { causeKey } from '../rootCause';
import type { DiagnosticRule } from '../rule';
import { instanceBgpAddress, resourceName, sameId } from '../../model/armShapes';
import type { SnapshotIndex } from '../snapshotIndex';
import type { VirtualNetworkGateway } from '../../model/arm';

export const FAILOVER = 'gateway-failover';
/** How long after traffic is restored a failover is still worth mentioning. */
export const RECENT_FAILOVER_SECONDS = 600;

/**
 * Lab: instances that are not healthy. Before a failover record exists this is the pending
 * failover (the standby waits for the lease to expire, or the partitioned primary still
 * serves); afterwards the gateway runs without a standby until the instance is restored.
 */
function unhealthyInstances(index: SnapshotIndex): RuleFinding[] {
  const snap = index.snapshot;
  const findings: RuleFinding[] = [];
  for (const g of snap.lab?.gateways ?? []) {
    const bad = g.instances.filter((i) => i.health !== 'healthy');
    if (bad.length === 0) continue;
    const gw = index.gateway(g.gatewayId)?.gateway;
    const gwId = gw?.id ?? g.gatewayId;
    const name = gw?.name ?? resourceName(g.gatewayId);
    const recorded = (snap.lab?.failovers ?? []).some((f) => f.gateway === name || sameId(f.gateway, gwId));
    const serving = g.instances.filter((i) => i.serving);
    const badServing = bad.filter((i) => i.serving);
    const what = bad.map((i) => `${i.name} ${i.health}`).join(', ');
    let title: string;
    let explanation: string;
    if (badServing.length > 0) {
      title = `${name}: serving instance ${badServing.map((i) => i.name).join(', ')} is ${badServing.map((i) => i.health).join(', ')}, failover expected`;
      explanation = `The instance carrying the tunnels is ${badServing[0]!.health}. In active/passive mode it cannot renew the blob lease, so once the lease expires the standby takes over and tunnels re-establish.`;
    } else if (serving.length === 0) {
      title = `${name}: no instance serves (${what}), failover pending`;
      explanation = 'The active instance is gone and the standby has not taken over yet: it acquires the lease only after the lease expires, then brings the tunnels up. Unplanned failover takes up to 1-3 minutes.';
    } else {
      title = `${name}: ${what}; running without ${g.mode === 'activeActive' ? 'its second active instance' : 'a standby'}`;
      explanation = `${serving.map((i) => i.name).join(', ')} carries the traffic${recorded ? ' after the failover' : ''}, but another failure now drops the tunnels until ${bad.map((i) => i.name).join(', ')} recovers.`;
    }
    findings.push({
      id: findingId(FAILOVER, [gwId], 'instances'),
      ruleId: FAILOVER,
      severity: 'warning',
      resources: [gwId],
      title,
      explanation,
      evidence: [
        {
          title: 'Instances not healthy, and the serving ones',
          columns: ['instance', 'role', 'health', 'serving', 'holdsLease'],
          rows: g.instances.filter((i) => i.health !== 'healthy' || i.serving).map((i) => [i.name, i.role, i.health, i.serving, i.holdsLease]),
        },
      ],
      actions: [{ label: 'About active/standby failover and how long it takes.', url: DOCS.highlyAvailable }],
      // The failover, the tunnels moving and the BGP sessions of the lost instance all follow from it.
      explains: [
        causeKey.failoverRecord(gwId),
        causeKey.failover(gwId),
        ...index.connectionsOfGateway(gwId).map((c) => causeKey.tunnel(c.id)),
        ...bad.flatMap((i) => instanceBgpAddresses(gw, i.name)).map((a) => causeKey.bgpEndpoint(a)),
      ],
    });
  }
  return findings;
}

/** Lab: the BGP address of instance IN_n is the n-th of the gateway's bgpPeeringAddress list. */
function instanceBgpAddresses(gw: VirtualNetworkGateway | undefined, instance: string): string[] {
  const n = Number(/^IN_(\d+)$/.exec(instance)?.[1]);
  const a = instanceBgpAddress(gw, n);
  return a ? [a] : [];
}

export const failover: DiagnosticRule = {
  id: FAILOVER,
  description: 'A failover is in progress (warning) or happened recently (info).',
  run(index) {
    const snap = index.snapshot;
    const findings: RuleFinding[] = [];
    if (snap.lab) {
      const now = snap.lab.timeSeconds;
      for (const f of snap.lab.failovers) {
        const ongoing = f.trafficRestoredAt === null;
        if (!ongoing && now - (f.trafficRestoredAt ?? 0) > RECENT_FAILOVER_SECONDS) continue;
        const gw = index.gateway(f.gateway)?.gateway ?? snap.gateways.find((g) => g.gateway.name === f.gateway)?.gateway;
        const gwId = gw?.id ?? f.gateway;
        const gwName = gw?.name ?? resourceName(f.gateway);
        const resources = [gwId];
        findings.push({
          id: findingId(FAILOVER, resources, String(f.faultAt)),
          ruleId: FAILOVER,
          severity: ongoing ? 'warning' : 'info',
          resources,
          title: ongoing
            ? `Failover of ${gwName} in progress (${f.fromInstance ?? 'none'} -> ${f.toInstance}), tunnels re-establishing`
            : `${gwName} failed over ${Math.round(now - f.faultAt)} s ago (${f.fromInstance ?? 'none'} -> ${f.toInstance}, gap ${f.gapSeconds ?? '?'} s)`,
          explanation: ongoing
            ? `${f.toInstance} took over at t=${f.takeoverAt} s after the fault at t=${f.faultAt} s; traffic is not restored yet. Unplanned failover takes up to 1-3 minutes; planned maintenance 10-15 s.`
            : `Traffic was restored at t=${f.trafficRestoredAt} s. Short outages around that time are explained by the failover.`,
          evidence: [
            {
              title: 'Failover record',
              columns: ['gateway', 'fromInstance', 'toInstance', 'faultAt (s)', 'takeoverAt (s)', 'trafficRestoredAt (s)', 'gapSeconds'],
              rows: [[gwName, f.fromInstance ?? '', f.toInstance, f.faultAt, f.takeoverAt, f.trafficRestoredAt ?? 'not yet', f.gapSeconds ?? 'not yet']],
            },
          ],
          actions: [{ label: 'Use active/active gateways and dual tunnels on-premises to shorten failover.', url: DOCS.highlyAvailable }],
          about: [causeKey.failoverRecord(gwId)],
          explains: [causeKey.failover(gwId), ...index.connectionsOfGateway(gwId).map((c) => causeKey.tunnel(c.id))],
        });
      }
      findings.push(...unhealthyInstances(index));
      return findings;
    }
    const takenAt = Date.parse(snap.takenAt);
    if (Number.isNaN(takenAt)) return findings;
    for (const c of snap.connections) {
      const recent = (c.tunnelConnectionStatus ?? []).filter((t) => {
        const at = Date.parse(t.lastConnectionEstablishedUtcTime);
        return !Number.isNaN(at) && takenAt - at >= 0 && takenAt - at <= RECENT_FAILOVER_SECONDS * 1000;
      });
      if (recent.length === 0) continue;
      const resources = [c.virtualNetworkGateway1.id, c.id];
      findings.push({
        id: findingId(FAILOVER, resources, 'tunnels'),
        ruleId: FAILOVER,
        severity: 'info',
        resources,
        title: `Tunnel(s) of ${resourceName(c.id)} re-established in the last ${RECENT_FAILOVER_SECONDS / 60} minutes`,
        explanation: 'A tunnel that came up shortly before the snapshot points at a recent failover, maintenance or gateway reset.',
        evidence: [
          {
            title: 'Recently established tunnels',
            columns: ['tunnel', 'connectionStatus', 'lastConnectionEstablishedUtcTime', 'snapshot takenAt'],
            rows: recent.map((t) => [t.tunnel, t.connectionStatus, t.lastConnectionEstablishedUtcTime, snap.takenAt]),
          },
        ],
        actions: [{ label: 'Check the gateway\'s Resource Health and diagnostic logs for maintenance or failover events.', url: DOCS.highlyAvailable }],
        explains: [causeKey.tunnel(c.id)],
      });
    }
    return findings;
  },
};
