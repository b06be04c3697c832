// Lab only: two instances of an active/passive gateway both serving or both holding the lease.
// The lease model exists to make this impossible, so it must never fire in a correct scenario.
import { DOCS } from '../docs';
import { findingId, type Finding } from '../finding';
import type { DiagnosticRule } from '../rule';
import { resourceName } from '../../model/armShapes';

export const SPLIT_BRAIN = 'split-brain';

export const splitBrain: DiagnosticRule = {
  id: SPLIT_BRAIN,
  description: 'Lab: both instances of an active/passive gateway serve traffic or hold the lease.',
  run(index) {
    const findings: Finding[] = [];
    for (const g of index.snapshot.lab?.gateways ?? []) {
      if (g.mode !== 'activePassive') continue;
      const serving = g.instances.filter((i) => i.serving);
      const holders = g.instances.filter((i) => i.holdsLease);
      if (serving.length < 2 && holders.length < 2) continue;
      const gw = index.gateway(g.gatewayId)?.gateway;
      const gwId = gw?.id ?? g.gatewayId;
      const name = gw?.name ?? resourceName(g.gatewayId);
      const culprits = g.instances.filter((i) => (serving.length > 1 && i.serving) || (holders.length > 1 && i.holdsLease));
      findings.push({
        id: findingId(SPLIT_BRAIN, [gwId]),
        ruleId: SPLIT_BRAIN,
        severity: 'error',
        resources: [gwId],
        title: `Split brain on ${name}: ${culprits.map((i) => i.name).join(' and ')} both ${serving.length > 1 ? 'serve traffic' : 'hold the lease'}`,
        explanation: 'In active/passive mode exactly one instance may hold the blob lease and carry the tunnels; two at once means the lease protocol was bypassed.',
        evidence: [
          {
            title: 'Instances',
            columns: ['instance', 'role', 'health', 'serving', 'holdsLease'],
            rows: culprits.map((i) => [i.name, i.role, i.health, i.serving, i.holdsLease]),
          },
        ],
        actions: [{ label: 'Check the lease holder and the instance roles on the lab timeline.', url: DOCS.highlyAvailable }],
      });
    }
    return findings;
  },
};
