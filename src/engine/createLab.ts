// Builds a lab with every component its scenario needs: the failover core (lab.ts); when the
// topology has BGP, an ExpressRoute circuit or gateway, the BGP/routing component; with IPsec
// connections, the IKE/IPsec negotiation with the sites' devices; and, whenever events are
// recorded, the history recorder (Azure's diagnostic logs and metrics). Every caller builds
// labs here, so none forgets a component and the core imports no component.
import { Lab, type LabOptions } from './lab';
import { LabRouting } from './bgp/labRouting';
import { usesRouting } from './bgp/routingScenario';
import { HistoryRecorder } from './history/historyRecorder';
import { LabIke, usesIke } from './ike/labIke';
import type { Scenario } from './scenario/types';

export function createLab(scenario: Scenario, options: LabOptions = {}): Lab {
  const lab = new Lab(scenario, options);
  if (usesRouting(scenario.topology)) lab.addComponent(new LabRouting(lab));
  // IKE/IPsec negotiation with the sites' devices, and the IKE faults (src/engine/ike).
  if (usesIke(scenario)) lab.addComponent(new LabIke(lab));
  // Diagnostic logs, Activity Log and metrics as Azure would keep them; off with the event log
  // (benchmarks, property tests), like every record of the run.
  if (options.recordEvents ?? true) lab.addComponent(new HistoryRecorder(lab));
  return lab;
}

/** The lab's history recorder; undefined when the lab records no events. */
export function labHistory(lab: Lab): HistoryRecorder | undefined {
  return lab.findComponent((c): c is HistoryRecorder => c instanceof HistoryRecorder);
}
