// Builds a lab with every component its scenario needs: the failover core (lab.ts) and, when the
// topology has BGP, an ExpressRoute circuit or gateway, the BGP/routing component. Every caller
// builds labs here, so none forgets a component and the core imports no component.
import { Lab, type LabOptions } from './lab';
import { LabRouting } from './bgp/labRouting';
import { usesRouting } from './bgp/routingScenario';
import type { Scenario } from './scenario/types';

export function createLab(scenario: Scenario, options: LabOptions = {}): Lab {
  const lab = new Lab(scenario, options);
  if (usesRouting(scenario.topology)) lab.addComponent(new LabRouting(lab));
  return lab;
}
