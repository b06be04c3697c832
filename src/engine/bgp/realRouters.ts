// Finding a lab's real-router peering (sites marked external) from outside the engine: the
// serve command, the extension and tests open its endpoints and print router configurations.
import type { Lab } from '../lab';
import { bgpTimersOf } from './routingScenario';
import type { ExternalPeering } from './externalPeering';
import { LabRouting } from './labRouting';
import { type RouterConfigInput } from './routerConfigs';

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
