// LabController.dataVersion: the extension re-reads costly data (routes, diagnostics) only when it
// moves. The promise checked here, event by event through every bundled scenario: two moments at
// the same version have snapshots that differ only in the clock and what grows with it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LabRuntime } from '../../../src/engine/labRuntime';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';

const SCENARIOS = join(__dirname, '..', '..', '..', 'scenarios');

/** Fields that follow the clock alone (dotted paths with array indices as []). */
const CLOCK_FIELDS = new Set([
  '.takenAt',
  '.lab.timeSeconds',
  '.connections[].ingressBytesTransferred',
  '.connections[].egressBytesTransferred',
  '.connections[].tunnelConnectionStatus[].ingressBytesTransferred',
  '.connections[].tunnelConnectionStatus[].egressBytesTransferred',
  '.gateways[].bgpPeers[].connectedDuration',
  '.gateways[].bgpPeers[].messagesSent',
  '.gateways[].bgpPeers[].messagesReceived',
  '.expressRouteCircuits[].peerings[].primary.summary[].upDown',
  '.expressRouteCircuits[].peerings[].secondary.summary[].upDown',
]);

/** Paths (indices as []) where `a` and `b` differ. */
function differences(a: unknown, b: unknown, path = '', out = new Set<string>()): Set<string> {
  if (a === b) return out;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    out.add(path);
    return out;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) differences(x[k], y[k], Array.isArray(a) ? `${path}[]` : `${path}.${k}`, out);
  return out;
}

function plain(rt: LabRuntime): unknown {
  return JSON.parse(JSON.stringify(rt.snapshot()));
}

describe('lab data version', () => {
  // bgp-external-router needs a real router (its sessions are checked in test/unit/interop).
  const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.gwlab.json') && f !== 'bgp-external-router.gwlab.json');
  for (const file of files) {
    it(`${file}: snapshots at the same data version differ only in clock fields`, async () => {
      const sc = await loadScenario(join(SCENARIOS, file));
      const rt = await LabRuntime.create(sc, { paused: true });
      try {
        let version = rt.dataVersion;
        let before = plain(rt);
        let sameVersionSteps = 0;
        let versions = 1;
        while (!rt.finished) {
          rt.step();
          const now = plain(rt);
          if (rt.dataVersion === version) {
            sameVersionSteps++;
            const moved = [...differences(before, now)].filter((p) => !CLOCK_FIELDS.has(p));
            assert.deepEqual(moved, [], `at ${rt.timeSeconds} s the data version stayed ${version} but these changed`);
          } else {
            versions++;
          }
          version = rt.dataVersion;
          before = now;
        }
        // Both kinds of step happened: the check above was not vacuous, and the version moves.
        assert.ok(sameVersionSteps > 0, 'some steps changed only the clock');
        assert.ok(versions > 1, 'the data version changed during the run');
      } finally {
        rt.dispose();
      }
    });
  }

  it('a fault, pause, speed and time travel each give a new version; a tick of the clock does not', async () => {
    const sc = await loadScenario(join(SCENARIOS, 'coex-healthy.gwlab.json'));
    const rt = await LabRuntime.create(sc, { paused: true });
    try {
      rt.lab.scheduler.runUntil(120_000);
      const settled = rt.dataVersion;
      rt.lab.scheduler.runUntil(125_000);
      assert.equal(rt.dataVersion, settled, 'five quiet seconds of a healthy lab change no data');
      const seen = new Set([settled]);
      const expectNew = (what: string): void => {
        assert.ok(!seen.has(rt.dataVersion), `${what} gave a new data version (got ${rt.dataVersion})`);
        seen.add(rt.dataVersion);
      };
      rt.inject({ kind: 'udrAdd', subnet: 'GatewaySubnet', route: { name: 'r1', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.10.1.4' } });
      expectNew('udrAdd');
      rt.setSpeed(120);
      expectNew('setSpeed');
      rt.resume();
      expectNew('resume');
      rt.pause();
      expectNew('pause');
      await rt.goTo(60_000);
      expectNew('goTo');
      rt.backToLive();
      expectNew('backToLive');
    } finally {
      rt.dispose();
    }
  });
});
