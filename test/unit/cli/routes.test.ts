// `gateway-lab routes`: each table at a moment, lookups in the VNet and in a gateway's RIB, and the
// usage errors (exit 2, no stack trace) through the same dispatcher the bin uses.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from './cliHarness';
import { join } from 'node:path';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import { createLab } from '../../../src/engine/createLab';

describe('gateway-lab routes', () => {
  it('--table vnet (default): the effective routes with the product-model label', async () => {
    const r = await cli('routes', 'coex-healthy', '--at', '1m');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^coex-healthy at 60s: VNet effective routes \(\d+ rows; product model: only the ER gateway plumbs learned routes/);
    assert.match(r.out, /\nVirtualNetworkGateway\s+Active\s+192\.168\.10\.0\/24\s+VirtualNetworkGateway\s+10\.10\.255\.\d+\n/);
    assert.match(r.out, /\nDefault\s+Active\s+10\.10\.0\.0\/16\s+VnetLocal/);
  });

  it('the same table before and during the ER<->VPN session break', async () => {
    const before = await cli('routes', 'coex-er-vpn-session-down', '--at', '1m', '--json');
    const after = await cli('routes', 'coex-er-vpn-session-down', '--at', '3m', '--json');
    const branch = (out: string): boolean => (JSON.parse(out) as { addressPrefix: string[]; source: string }[]).some((x) => x.source === 'VirtualNetworkGateway' && x.addressPrefix[0] === '192.168.10.0/24');
    assert.equal(branch(before.out), true);
    assert.equal(branch(after.out), false);
  });

  it('--table <gateway> --lookup: the best route per instance from the gateway RIB', async () => {
    const r = await cli('routes', 'coex-healthy', '--at', '1m', '--table', 'vpn-gw', '--lookup', '192.168.10.5', '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { address: string; routes: { network: string; origin: string; asPath: string }[] };
    assert.equal(j.address, '192.168.10.5');
    assert.ok(j.routes.length >= 1);
    for (const route of j.routes) assert.deepEqual([route.network, route.origin, route.asPath], ['192.168.10.0/24', 'EBgp', '65010']);
    const miss = await cli('routes', 'coex-healthy', '--at', '1m', '--table', 'vpn-gw', '--lookup', '8.8.8.8');
    assert.equal(miss.code, 0);
    assert.match(miss.out, /vpn-gw has no route for 8\.8\.8\.8/);
  });

  it('bad input: exit 2 with the usage, never a stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['routes', 'coex-healthy', '--at', 'soon'], /--at: "soon" is not a duration/],
      [['routes', 'coex-healthy', '--at', '1m', '--lookup', '1.2.3'], /--lookup: "1\.2\.3" is not an IPv4 or IPv6 address/],
      [['routes', 'no-such-scenario', '--at', '1m'], /no scenario "no-such-scenario"/],
      [['routes', 'ap-unplanned-crash', '--at', '1m'], /has no BGP routing/],
      [['routes', 'coex-healthy', '--at', '1m', '--table', 'nope'], /unknown table "nope" \(expected "vnet" or a gateway: vpn-gw, er-gw\)/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, message);
      assert.match(r.err, /Usage: gateway-lab routes/);
      assert.doesNotMatch(r.err, /\n\s+at /);
    }
  });
  it('--table <gateway> --json lists the same BGP peers as the lab snapshot (the ARM data): no A/P standby site attempts', async () => {
    const r = await cli('routes', 'coex-healthy', '--at', '1m', '--table', 'vpn-gw', '--json');
    assert.equal(r.code, 0, r.err);
    const cliPeers = (JSON.parse(r.out) as { bgpPeers: unknown[] }).bgpPeers;
    const lab = createLab(await loadScenario(join(__dirname, '..', '..', '..', 'scenarios', 'coex-healthy.gwlab.json')), { recordEvents: false });
    lab.runUntil(60);
    const armPeers = lab.snapshot().gateways.find((g) => g.gateway.name === 'vpn-gw')?.bgpPeers;
    assert.ok(armPeers && armPeers.length > 0);
    assert.deepEqual(cliPeers, armPeers);
  });
});
