// Scenario builders shared by engine tests (validated through the real validator).
import { validateScenario } from '../../../src/engine/scenario/validateScenario';
import type { Scenario } from '../../../src/engine/scenario/types';
import type { Lab } from '../../../src/engine/lab';
import type { InstanceName } from '../../../src/model/snapshot';

export function scenarioObject(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'test',
    seed: 3,
    duration: '10m',
    topology: {
      virtualNetwork: { name: 'vnet', addressSpace: ['10.0.0.0/16'], subnets: [{ name: 'GatewaySubnet', addressPrefix: '10.0.255.0/27' }, { name: 'app', addressPrefix: '10.0.1.0/24' }] },
      gateways: [{ name: 'gw', type: 'Vpn', sku: 'VpnGw1', activeActive: false }],
      sites: [{ name: 'site', gatewayIpAddress: '203.0.113.1', addressPrefixes: ['192.168.0.0/16'] }],
      connections: [{ name: 'conn', type: 'IPsec', gateway: 'gw', site: 'site' }],
    },
    probes: [{ name: 'p', from: '10.0.1.4', to: '192.168.1.1' }],
    ...overrides,
  };
}

export function scenario(overrides: Record<string, unknown> = {}): Scenario {
  return validateScenario(scenarioObject(overrides));
}

/**
 * Crash of the active, lease expiry, takeover, then planned maintenance handing back at 18 s:
 * short enough to run in real time against Azurite (15 s is the shortest lease Azure allows).
 * The last 5 s leave real storage room to answer the hand-back on a busy machine.
 */
export function shortFailoverScenario(): Scenario {
  return scenario({
    name: 'short-failover',
    duration: '23s',
    timing: { leaseDuration: '15s', renewInterval: '3s', retryInterval: '1s', fenceMargin: '3s', ikeNegotiation: '1s', boot: '1s', dpdTimeout: '2s' },
    timeline: [
      { at: '1s', action: 'crash', gateway: 'gw', instance: 'IN_0' },
      { at: '16.5s', action: 'restore', gateway: 'gw', instance: 'IN_0' },
      { at: '18s', action: 'plannedMaintenance', gateway: 'gw', instance: 'IN_1' },
    ],
  });
}

/** Records every change of the lease holder of `gw` (collapsing repeats). */
export function leaseHolderSequence(lab: Lab, gateway = 'gw'): { t: number; holder: InstanceName | null }[] {
  const seq: { t: number; holder: InstanceName | null }[] = [];
  const record = (): void => {
    const holder = lab.gateways.get(gateway)!.leaseHolder();
    if (seq.length === 0 || seq[seq.length - 1]!.holder !== holder) seq.push({ t: lab.timeSeconds, holder });
  };
  lab.onAfterChange(record);
  return seq;
}
