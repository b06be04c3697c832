// Scenario validation of the routing fields: clear errors for bad ASNs, bad prefixes, unknown
// peers, coexistence without both gateway types and the coexistence prerequisites.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateScenario } from '../../../src/engine/scenario/validateScenario';
import { ScenarioError } from '../../../src/engine/scenario/validationError';
import { coexTopology, type Json } from './coexTopology';

function base(): Json {
  return {
    name: 't',
    duration: '5m',
    topology: coexTopology(),
  };
}

function topo(s: Json): Json {
  return s.topology as Json;
}

function issues(mutate: (s: Json) => void): string[] {
  const s = base();
  mutate(s);
  try {
    validateScenario(s, 'routing.gwlab.json');
    return [];
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    // Every issue names the file and a JSON path; the CLI prints them as "file: path: message".
    for (const i of error.issues) {
      assert.equal(i.file, 'routing.gwlab.json');
      assert.match(i.path, /^\$(\.|\[|$)/);
    }
    assert.match(error.message, /^routing\.gwlab\.json: \$/);
    return error.issues.map((i) => `${i.path}: ${i.message}`);
  }
}

test('the base scenario is valid and keeps the routing fields', () => {
  assert.deepEqual(issues(() => {}), []);
  const s = base();
  s.bgp = { keepalive: '10s', hold: '30s' };
  (topo(s).sites as Json[])[0]!.generatedPrefixes = [{ count: 100000, base: '10.128.0.0', length: 28 }];
  const v = validateScenario(s);
  assert.deepEqual(v.bgp, { keepalive: '10s', hold: '30s' });
  assert.equal(v.topology.sites[0]!.generatedPrefixes?.[0]?.count, 100000);
});

test('bad ASNs', () => {
  assert.match(issues((s) => ((topo(s).sites as Json[])[0]!.asn = 0)).join('\n'), /\$\.topology\.sites\[0\]\.asn: must be >= 1 \(got 0\)/);
  assert.match(issues((s) => ((topo(s).sites as Json[])[0]!.asn = 'x')).join('\n'), /\$\.topology\.sites\[0\]\.asn: must be integer \(got "x"\)/);
  assert.match(issues((s) => ((topo(s).sites as Json[])[0]!.asn = 4294967295)).join('\n'), /sites\[0\]\.asn: site "hq": ASN must be an integer 1-4294967294/);
  assert.match(issues((s) => ((topo(s).circuits as Json[])[0]!.asn = 0)).join('\n'), /circuits\[0\]\.asn/);
  assert.match(issues((s) => ((topo(s).gateways as Json[])[1]!.asn = 65001)).join('\n'), /gateways\[1\]\.asn: ExpressRoute gateways always use ASN 65515/);
  // A reserved ASN is valid configuration: the lab reproduces Azure refusing the session.
  assert.deepEqual(issues((s) => ((topo(s).sites as Json[])[0]!.asn = 8075)), []);
});

test('bad prefixes and generated blocks', () => {
  assert.match(issues((s) => ((topo(s).circuits as Json[])[0]!.prefixes = ['172.20.1.0/16'])).join('\n'), /circuits\[0\]\.prefixes\[0\]: "172.20.1.0\/16" has host bits set/);
  assert.match(
    issues((s) => ((topo(s).sites as Json[])[0]!.generatedPrefixes = [{ count: 300, base: '255.255.0.0', length: 24 }])).join('\n'),
    /sites\[0\]\.generatedPrefixes\[0\]: 300 \/24 prefixes from 255.255.0.0 run past the end of the IPv4 space/,
  );
  assert.match(issues((s) => ((topo(s).sites as Json[])[0]!.bgpRouterAddress = '1.2.3')).join('\n'), /bgpRouterAddress: "1.2.3" is not a valid IP address/);
  assert.match(issues((s) => (s.expectations = [{ type: 'prefix', at: '1m', table: 'vnet', prefix: '10.0.0.0/33', present: true }])).join('\n'), /expectations\[0\]\.prefix: .*length "33"/);
});

test('unknown peers and tables name what exists', () => {
  assert.match(
    issues((s) => (s.timeline = [{ at: '1m', action: 'bgpSessionDown', gateway: 'vpn', peer: 'paris' }])).join('\n'),
    /timeline\[0\]\.peer: gateway "vpn" has no BGP peer "paris" \(its peers: "hq", "er"\)/,
  );
  assert.match(issues((s) => (s.timeline = [{ at: '1m', action: 'restore', peer: 'nobody' }])).join('\n'), /timeline\[0\]\.peer: unknown peer "nobody"/);
  assert.match(
    issues((s) => (s.expectations = [{ type: 'bgpSession', at: '1m', gateway: 'er', peer: 'hq', state: 'Connected' }])).join('\n'),
    /expectations\[0\]\.peer: gateway "er" has no BGP peer "hq" \(its peers: "c1", "vpn"\)/,
  );
  assert.match(issues((s) => (s.expectations = [{ type: 'prefix', at: '1m', table: 'ergw', prefix: '10.0.0.0/8', present: true }])).join('\n'), /unknown table "ergw" \(expected "vnet" or a gateway: "vpn", "er"\)/);
  assert.match(issues((s) => (s.timeline = [{ at: '1m', action: 'udrRemove', subnet: 'GatewaySubnet', name: 'x' }])).join('\n'), /subnet "GatewaySubnet" has no route "x"/);
  assert.match(issues((s) => (s.timeline = [{ at: '1m', action: 'udrAdd', subnet: 'nope', route: { name: 'r', addressPrefix: '10.10.0.0/16', nextHopType: 'None' } }])).join('\n'), /undefined subnet "nope"/);
});

test('coexistence without both gateway types, and its prerequisites', () => {
  const twoVpn = issues((s) => {
    (topo(s).gateways as Json[])[1] = { name: 'vpn2', type: 'Vpn', sku: 'VpnGw1', vpnType: 'RouteBased' };
    topo(s).connections = [(topo(s).connections as Json[])[0]];
    topo(s).circuits = [];
    s.timeline = [{ at: '1m', action: 'bgpSessionDown', gateway: 'vpn', peer: 'vpn2' }];
  });
  assert.match(twoVpn.join('\n'), /"vpn" and "vpn2" are both VPN gateways: an ER<->VPN session needs one ExpressRoute and one VPN gateway/);
  assert.match(issues((s) => ((topo(s).gateways as Json[])[0]!.vpnType = 'PolicyBased')).join('\n'), /coexistence needs a route-based VPN gateway/);
  assert.match(issues((s) => ((topo(s).gateways as Json[])[0]!.sku = 'Basic')).join('\n'), /does not support the Basic SKU/);
  assert.match(
    issues((s) => ((((topo(s).virtualNetwork as Json).subnets as Json[])[0]!.addressPrefix = '10.10.255.0/28'))).join('\n'),
    /coexistence needs GatewaySubnet \/27 or larger \(got \/28\)/,
  );
  assert.match(issues((s) => ((topo(s).sites as Json[])[0]!.asn = undefined)).join('\n'), /connection "k1" enables BGP but site "hq" has no "asn"/);
});

test('bad BGP timers', () => {
  assert.match(issues((s) => (s.bgp = { keepalive: '3m', hold: '2m' })).join('\n'), /\$\.bgp\.keepalive: keepalive \(180 s\) must be shorter than the hold time \(120 s\)/);
  assert.match(issues((s) => (s.bgp = { hold: 'soon' })).join('\n'), /\$\.bgp\.hold/);
});
