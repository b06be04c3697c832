// Checks of the routing expectations (prefix in a table, BGP session state, probe result) at
// their moment in a running lab.
import type { Lab } from '../lab';
import type { ProbeSpec } from '../scenario/types';
import { LabRouting } from './labRouting';
import type { RoutingExpectation } from './routingScenario';

export function describeRoutingExpectation(e: RoutingExpectation): string {
  switch (e.type) {
    case 'prefix':
      return `${e.prefix} ${e.present ? 'present in' : 'absent from'} ${e.table === 'vnet' ? 'the VNet effective routes' : `${e.table}'s learned routes`}${e.via ? ` via ${e.via}` : ''} at ${e.at}s`;
    case 'bgpSession':
      return `BGP ${e.gateway}${e.instance ? `/${e.instance}` : ''} <-> ${e.peer} is ${e.state} at ${e.at}s`;
    case 'probeResult':
      return `probe ${e.probe} ${e.delivered ? 'delivered' : `dropped${e.reason ? ` (${e.reason})` : ''}`} at ${e.at}s`;
  }
}

/** Evaluates the expectation now (call it at e.at). */
export function checkRoutingExpectation(lab: Lab, e: RoutingExpectation): { pass: boolean; detail: string } {
  if (e.type === 'probeResult') {
    const spec = lab.scenario.probes.find((p: ProbeSpec) => p.name === e.probe);
    if (!spec) return { pass: false, detail: `probe ${e.probe} is not defined` };
    // A packet sent now; evaluate() does not count it in the probe statistics.
    const r = lab.probes.evaluate(spec);
    // "no route" and "noRoute" name the same reason (the issue's wording and the engine's).
    const norm = (x: string | undefined): string => (x ?? '').replace(/\s+/g, '').toLowerCase();
    const pass = r.delivered === e.delivered && (e.delivered || e.reason === undefined || norm(r.reason) === norm(e.reason));
    return { pass, detail: r.delivered ? `delivered via ${r.gateway ?? '?'}${r.instance ? `/${r.instance}` : ''}` : `dropped (${r.reason ?? 'unknown'})` };
  }
  const routing = routingOf(lab);
  if (!routing) return { pass: false, detail: 'this lab has no BGP/routing (no BGP connection, circuit or ExpressRoute gateway)' };
  if (e.type === 'prefix') {
    const present = routing.hasPrefix(e.table, e.prefix, e.via);
    const extra = !present && e.present && e.table === 'vnet' ? vnetHint(routing, e.prefix) : '';
    return { pass: present === e.present, detail: `${e.prefix} was ${present ? 'present' : 'absent'}${extra}` };
  }
  const states = routing.sessionStates(e.gateway, e.peer, e.instance);
  if (states.length === 0) return { pass: false, detail: `no BGP session between ${e.gateway} and ${e.peer}` };
  return { pass: states.every((s) => s === e.state), detail: `state${states.length > 1 ? 's' : ''}: ${states.join(', ')}` };
}

/** The lab's routing component, if it has one. */
export function routingOf(lab: Lab): LabRouting | undefined {
  return lab.findComponent((c): c is LabRouting => c instanceof LabRouting);
}

function vnetHint(routing: LabRouting, prefix: string): string {
  const n = routing.subnetTable().notInstalled.find((x) => x.prefix === prefix);
  if (n) return ` (${n.reason})`;
  return routing.gatewaySubnetUdrBreak ? ` (ER<->VPN BGP broken: ${routing.gatewaySubnetUdrBreak})` : '';
}
