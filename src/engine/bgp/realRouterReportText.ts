// The text "Gateway Lens: Peer a Real Router…" opens: endpoints as `gateway-lab serve` prints
// them, how time and timers behave, then the ready-to-paste router configurations.
import { AZURE_TIMER_SOURCE } from './externalPeering';
import { WALL_CLOCK_NOTE, type RealRouterReport } from './realRouters';

export function realRouterReportText(r: RealRouterReport): string {
  const lines = [
    '# Peer a real router with the lab',
    '',
    r.listening ? 'The gateway instances listen on these BGP endpoints:' : `The BGP endpoints are NOT listening: ${r.error ?? 'the lab stopped'}. Set "bgp.endpoints" in the scenario to other addresses and restart it.`,
    '',
    ...r.bgpEndpoints.map((e) => `- ${e.gateway}/${e.instance}: ${e.address}:${e.port}, AS ${e.asn}`),
    '',
    'Sites played by real routers:',
    '',
    ...r.externalSites.map((s) => `- ${s.site}: router at ${s.address}:${s.port}, AS ${s.asn}, announces ${s.prefixes.join(', ')}`),
    '',
    `Time: ${WALL_CLOCK_NOTE}.`,
    `Azure BGP timer behaviour: ${r.azureTimers ? `on: the gateway's keepalive stays at the configured interval even when the router proposes a shorter hold time, so a router with hold 9 s resets with Hold Timer Expired (source: ${AZURE_TIMER_SOURCE}; Gateway Lens's model, Azure does not document it)` : 'off: RFC 4271 negotiation (keepalive = hold / 3)'}.`,
    '',
    'JSON (as the first line of `gateway-lab serve`):',
    '',
    '```json',
    JSON.stringify({ bgpEndpoints: r.bgpEndpoints, externalSites: r.externalSites }, null, 2),
    '```',
    '',
    '```text',
    r.configs.trimEnd(),
    '```',
    '',
  ];
  return lines.join('\n');
}
