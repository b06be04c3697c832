// Finding a lab's real-router peering (sites marked external) from outside the engine: the
// serve command, the extension and tests open its endpoints and print router configurations.
import type { Lab } from '../lab';
import { bgpTimersOf } from './routingScenario';
import type { ExternalPeering } from './externalPeering';
import { LabRouting } from './labRouting';
import { type RouterConfigInput, routerConfigsText } from './routerConfigs';

/** The lab's external peering, or undefined when no site is marked external. */
export function externalPeeringOf(lab: Lab): ExternalPeering | undefined {
  return lab.findComponent((c): c is LabRouting => c instanceof LabRouting)?.external;
}

/** Router configuration inputs with the scenario's BGP timers. */
export function routerConfigInputsOf(lab: Lab): RouterConfigInput[] {
  const peering = externalPeeringOf(lab);
  if (!peering) return [];
  const t = bgpTimersOf(lab.scenario.bgp);
  return peering.routerConfigInputs(t.holdSeconds, t.keepaliveSeconds);
}

/** What to tell a user about time while real routers are attached. */
export const WALL_CLOCK_NOTE =
  'sites are real routers: the lab runs in wall-clock time (1x), so BGP keepalive/hold timers, failover and faults happen at the pace the routers see';

/** Everything a user needs to peer a real router with the running lab (the extension's "Peer a Real Router…"). */
export interface RealRouterReport {
  /** The same rows as `gateway-lab serve`'s first line. */
  bgpEndpoints: { gateway: string; instance: string; address: string; port: number; asn: number }[];
  externalSites: { site: string; address: string; port: number; asn: number; prefixes: string[] }[];
  /** Whether the endpoints listen (they may not: address in use). */
  listening: boolean;
  /** Why they do not listen. */
  error?: string;
  azureTimers: boolean;
  /** FRR, BIRD and GoBGP configurations for each external site. */
  configs: string;
}

/** Opens the lab's real-router endpoints, if it has any; never throws (a bind failure is reported, the lab keeps running). */
export async function openRealRouters(lab: Lab): Promise<(() => RealRouterReport) & { stop(): Promise<void> } | undefined> {
  const peering = externalPeeringOf(lab);
  if (!peering) return undefined;
  let error: string | undefined;
  try {
    await peering.listen();
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const report = (): RealRouterReport => ({
    bgpEndpoints: peering.endpoints.map(({ gateway, instance, address, port, asn }) => ({ gateway, instance, address, port, asn })),
    externalSites: peering.sites.map(({ site, address, port, asn, prefixes }) => ({ site, address, port, asn, prefixes })),
    listening: peering.active,
    ...(error !== undefined ? { error } : {}),
    azureTimers: peering.azureTimers,
    configs: routerConfigsText(routerConfigInputsOf(lab)),
  });
  return Object.assign(report, { stop: () => peering.stop() });
}

/** Whether a scenario has sites played by real routers (the lab then runs at 1x). */
export function hasExternalSites(scenario: { topology: { sites: { external?: unknown }[] } }): boolean {
  return scenario.topology.sites.some((s) => s.external !== undefined);
}
