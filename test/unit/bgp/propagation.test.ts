import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventScheduler } from '../../../src/engine/eventScheduler';
// The scheduler keeps whole virtual milliseconds; these tests speak seconds.
import { msFromSeconds } from '../../../src/engine/scheduler';
import { parsePrefix } from '../../../src/model/prefix';
import { link, networks, speaker } from './bgpHelpers';

test('AS-path loop prevention: a path carrying our own ASN is refused', () => {
  const sch = new EventScheduler(1);
  const gw = speaker('vpngw', 65515, '10.1.255.4', ['10.1.0.0/16']);
  const siteA = speaker('a', 65010, '192.168.255.1', ['192.168.1.0/24']);
  const siteB = speaker('b', 65020, '192.168.255.2', ['192.168.2.0/24']);
  link(sch, gw, siteA);
  // b prefers what a tells it (weight), so b advertises gw's own VNet back to gw as 65020 65010 65515.
  link(sch, siteA, { speaker: siteB, weight: 100 });
  link(sch, siteB, gw);
  sch.runUntil(msFromSeconds(10));
  assert.deepEqual(siteB.rib.bestFor('10.1.0.0/16')?.asPath, [65010, 65515]);
  assert.deepEqual(siteB.advertisedRoutes('10.1.255.4').find((r) => r.network === '10.1.0.0/16')?.asPath, '65020-65010-65515');
  const fromPeers = [...gw.rib.allPaths()].filter((p) => p.learnedFrom !== 'local');
  assert.ok(fromPeers.length > 0);
  for (const p of fromPeers) assert.ok(!p.asPath.includes(65515), `accepted a looped path ${p.prefix.text} ${p.asPath.join(' ')}`);
  assert.ok(!fromPeers.some((p) => p.prefix.text === '10.1.0.0/16'));
  // Best path to b's network is direct (shorter AS path), the one via a is kept as an alternative.
  assert.deepEqual(gw.rib.bestFor('192.168.2.0/24')?.asPath, [65020]);
  assert.deepEqual([...gw.rib.pathsFor('192.168.2.0/24')].map((p) => p.asPath.join(' ')).sort(), ['65010 65020', '65020']);
});

test('eBGP prepends its ASN, iBGP does not, and iBGP-learned paths are not re-advertised over iBGP', () => {
  const sch = new EventScheduler(1);
  const site = speaker('hq', 65010, '192.168.255.1', ['192.168.0.0/16']);
  const vpn = speaker('vpngw', 65515, '10.1.255.4', ['10.1.0.0/16']);
  const er = speaker('ergw', 65515, '10.1.255.12', ['10.1.0.0/16']);
  const er2 = speaker('ergw2', 65515, '10.1.255.13');
  link(sch, vpn, site);
  link(sch, vpn, er);
  link(sch, er, er2);
  sch.runUntil(msFromSeconds(10));
  const atEr = er.learnedRoutes().find((r) => r.network === '192.168.0.0/16');
  assert.deepEqual(atEr && [atEr.origin, atEr.asPath, atEr.nextHop], ['IBgp', '65010', '10.1.255.4']);
  assert.ok(!networks(er2).includes('192.168.0.0/16'), 'iBGP split horizon');
  assert.deepEqual(site.rib.bestFor('10.1.0.0/16')?.asPath, [65515]);
});

test('export filters stop transit (e.g. VPN -> site does not carry ER routes)', () => {
  const sch = new EventScheduler(1);
  const site = speaker('hq', 65010, '192.168.255.1', ['192.168.0.0/16']);
  const vpn = speaker('vpngw', 65515, '10.1.255.4', ['10.1.0.0/16']);
  const er = speaker('ergw', 65515, '10.1.255.12', ['10.1.0.0/16']);
  const msee = speaker('msee', 12076, '172.31.0.1', ['10.50.0.0/16']);
  link(sch, { speaker: vpn, exportFilter: (p) => p.learnedFrom !== 'ibgp' }, site);
  link(sch, vpn, er);
  link(sch, { speaker: er, exportFilter: (p) => p.learnedFrom === 'local' }, msee);
  sch.runUntil(msFromSeconds(10));
  assert.ok(networks(vpn).includes('10.50.0.0/16'), 'VPN gateway learns the ER routes over iBGP');
  assert.deepEqual(networks(site), ['10.1.0.0/16', '192.168.0.0/16']);
  assert.deepEqual(networks(msee), ['10.1.0.0/16', '10.50.0.0/16']);
  // Withdrawal propagates through the chain.
  site.withdrawOriginated([parsePrefix('192.168.0.0/16')]);
  sch.runUntil(msFromSeconds(11));
  assert.ok(!networks(er).includes('192.168.0.0/16'));
});
