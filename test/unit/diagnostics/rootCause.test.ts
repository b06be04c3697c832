// Findings lead with the root cause: what follows from a cause is in its evidence, the instances'
// sessions with one neighbor make one finding, and no misconfiguration is suspected while a tunnel
// or failover explains the state. Each case runs the real lab on a variant of a bundled scenario.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose } from '../../../src/diagnostics/diagnose';
import type { Finding } from '../../../src/diagnostics/finding';
import { foldConsequences } from '../../../src/diagnostics/rootCause';
import { bgpPeerNotConnected } from '../../../src/diagnostics/rules/bgpPeerNotConnected';
import { prefixLimit } from '../../../src/diagnostics/rules/prefixLimit';
import { buildSnapshotIndex } from '../../../src/diagnostics/snapshotIndex';
import { createLab } from '../../../src/engine/createLab';
import { coexistenceSnapshot, ER_ADDRESSES, ER_ID, gw, SITE_PEER, VPN_ADDRESSES, VPN_ID } from './fixtures';
import { validateScenario } from '../../../src/engine/scenario/validateScenario';

const dir = join(__dirname, '..', '..', '..', 'scenarios');

type Json = Record<string, unknown>;

/** A bundled scenario's JSON, changed by `edit`, run to `at` seconds and diagnosed. */
function findingsOf(name: string, at: number, edit: (s: Json) => void = () => undefined): Finding[] {
  const json = JSON.parse(readFileSync(join(dir, `${name}.gwlab.json`), 'utf8')) as Json;
  edit(json);
  const lab = createLab(validateScenario(json, `${name} (variant)`), { recordEvents: false });
  lab.runUntil(at);
  return diagnose(lab.snapshot());
}

const topology = (s: Json) => s.topology as { gateways: Json[]; sites: Json[]; connections: Json[] };
const activeActiveVpn = (s: Json): void => {
  for (const g of topology(s).gateways) if (g.type === 'Vpn') g.activeActive = true;
};
const rules = (fs: Finding[]) => fs.map((f) => f.ruleId);
const consequences = (f: Finding) => f.evidence.find((t) => t.title.startsWith('Consequences'))?.rows.map((r) => String(r[1])) ?? [];

describe('findings lead with the root cause', () => {
  it('ER<->VPN break with an active/active VPN gateway: the coexistence error, the 8 idle sessions only as its consequence', () => {
    const fs = findingsOf('coex-er-vpn-session-down', 150, activeActiveVpn);
    assert.deepEqual(rules(fs), ['coexistence-bgp-break'], fs.map((f) => f.title).join('\n'));
    assert.equal(fs[0]!.severity, 'error');
    assert.ok(consequences(fs[0]!).some((t) => /^BGP between er-gw and vpn-gw: 8 peer session\(s\) Idle$/.test(t)), consequences(fs[0]!).join('\n'));
    assert.ok(fs[0]!.evidence.some((t) => t.title.endsWith('(consequence)')), "the consequence's own evidence is kept");
  });

  it('a site on an Azure-reserved ASN with an active/active VPN gateway: the reserved-ASN error, one merged Idle peer as its consequence', () => {
    const fs = findingsOf('bgp-reserved-asn', 90, activeActiveVpn);
    assert.deepEqual(rules(fs), ['reserved-asn'], fs.map((f) => f.title).join('\n'));
    const c = consequences(fs[0]!);
    assert.equal(c.length, 1, c.join('\n'));
    assert.match(c[0]!, /^BGP peer 192\.168\.255\.1 of vpn-gw is Idle on 2 instances \(10\.\d+\.\d+\.\d+, 10\.\d+\.\d+\.\d+\)$/);
  });

  it('coex-vpn-failover-bgp at 3 m: the failover and the connection, no "misconfiguration suspected" while the tunnel re-establishes', () => {
    const fs = findingsOf('coex-vpn-failover-bgp', 180);
    assert.deepEqual(rules(fs).sort(), ['connection-not-connected', 'gateway-failover'], fs.map((f) => f.title).join('\n'));
    assert.ok(fs.every((f) => !/misconfiguration/.test(f.title) && !/misconfiguration/.test(consequences(f).join(' '))));
    assert.ok(!rules(fs).includes('bgp-peer-stuck-connecting'));
  });

  it('a site at 4,000 prefixes behind an active/active VPN gateway in coexistence: one near-limit warning, none on the ER<->VPN sessions', () => {
    const fs = findingsOf('coex-healthy', 120, (s) => {
      activeActiveVpn(s);
      topology(s).sites[0]!.generatedPrefixes = [{ count: 3999, base: '10.128.0.0', length: 24 }];
    });
    const near = fs.filter((f) => f.ruleId === 'bgp-prefix-limit');
    assert.equal(near.length, 1, near.map((f) => f.title).join('\n'));
    assert.equal(near[0]!.severity, 'warning');
    assert.match(near[0]!.title, /^BGP peer 192\.168\.255\.1 of vpn-gw sends 4000 prefixes \(100 % of the 4000 limit\) \(2 instances: /);
    assert.ok(!fs.some((f) => f.resources[0]!.endsWith('/er-gw') && f.ruleId === 'bgp-prefix-limit'), 'no limit between the gateways (none documented, none in the engine)');
    assert.deepEqual(fs.filter((f) => f.severity !== 'info' && f.ruleId !== 'bgp-prefix-limit'), [], 'the ER<->VPN sessions stay up: the engine applies no limit there either');
  });

  it('Azure data: a peer Connecting with nothing received right after its tunnel came up is not a suspected misconfiguration; later it is', () => {
    const s = coexistenceSnapshot();
    const vpn = gw(s, VPN_ID);
    vpn.bgpPeers = vpn.bgpPeers!.map((p) => (p.neighbor === SITE_PEER ? { ...p, state: 'Connecting' as const, connectedDuration: '', messagesReceived: 0 } : p));
    const tunnels = s.connections[0]!.tunnelConnectionStatus!;
    const takenAt = Date.parse(s.takenAt);
    for (const t of tunnels) t.lastConnectionEstablishedUtcTime = new Date(takenAt - 20_000).toISOString();
    const fresh = bgpPeerNotConnected.run(buildSnapshotIndex(s));
    assert.deepEqual(fresh.map((f) => f.ruleId), ['bgp-peer-not-connected']);
    assert.match(fresh[0]!.explanation, /a tunnel of vpn-gw-to-site-a came up 20 s ago/);
    assert.match(fresh[0]!.title, /is Connecting on 2 instances/);
    for (const t of tunnels) t.lastConnectionEstablishedUtcTime = new Date(takenAt - 3_600_000).toISOString();
    assert.deepEqual(bgpPeerNotConnected.run(buildSnapshotIndex(s)).map((f) => f.ruleId), ['bgp-peer-stuck-connecting']);
  });

  it('prefix limit: the ER gateway\'s sessions with the VPN gateway have no limit; its Microsoft edge sessions do', () => {
    const s = coexistenceSnapshot();
    const er = gw(s, ER_ID);
    er.bgpPeers = er.bgpPeers!.map((p) => ({ ...p, routesReceived: 3900 }));
    const fs = prefixLimit.run(buildSnapshotIndex(s));
    assert.ok(fs.length > 0);
    for (const f of fs) assert.ok(!VPN_ADDRESSES.some((a) => f.title.startsWith(`BGP peer ${a} `)), f.title);
    assert.ok(fs.every((f) => f.resources[0] === ER_ID && ER_ADDRESSES.some((a) => JSON.stringify(f.evidence[0]!.rows).includes(a))));
  });

  it('folding: a consequence of a consequence lands on the root, the root takes the worst severity, mutual explanations fold nothing', () => {
    const base = { resources: [], explanation: 'x.', evidence: [], actions: [] };
    const root = { ...base, id: 'r', ruleId: 'root', severity: 'info' as const, title: 'root', explains: ['a'] };
    const mid = { ...base, id: 'm', ruleId: 'mid', severity: 'warning' as const, title: 'mid', about: ['a'], explains: ['b'] };
    const leaf = { ...base, id: 'l', ruleId: 'leaf', severity: 'error' as const, title: 'leaf', about: ['b'] };
    const [only, ...none] = foldConsequences([leaf, mid, root]);
    assert.equal(none.length, 0);
    assert.equal(only!.id, 'r');
    assert.equal(only!.severity, 'error');
    assert.deepEqual(consequences(only!), ['leaf', 'mid']);
    assert.ok(!('about' in only!) && !('explains' in only!), 'cause fields are not part of the result');
    const x = { ...base, id: 'x', ruleId: 'x', severity: 'warning' as const, title: 'x', about: ['p'], explains: ['q'] };
    const y = { ...base, id: 'y', ruleId: 'y', severity: 'warning' as const, title: 'y', about: ['q'], explains: ['p'] };
    assert.deepEqual(foldConsequences([x, y]).map((f) => f.id), ['x', 'y']);
  });
});
