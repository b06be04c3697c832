// Two wire speakers over loopback TCP (the lab's own BGP against itself): Established, routes
// both ways with AS-path loop prevention, collision detection when both dial, Bad Peer AS for a
// reserved ASN, the prefix limit (Cease/1 with RFC 4486 data), Azure timer behaviour (a peer
// with a short hold time sees Hold Timer Expired) and garbage on the wire.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { BgpListener } from '../../../../src/engine/bgp/wire/bgpListener';
import { type InRoute, type OutRoute, type WirePeerConfig, WirePeer } from '../../../../src/engine/bgp/wire/wirePeer';
import { parsePrefix, prefixKey } from '../../../../src/model/prefix';

interface Side {
  peer: WirePeer;
  listener: BgpListener;
  rib: Map<number, InRoute>;
  downs: string[];
  eor: number;
}

let nextHost = 40;
/** Fresh 127.0.0.x addresses per test so tests never share a port. */
function hosts(): [string, string] {
  nextHost += 2;
  return [`127.0.0.${nextHost}`, `127.0.0.${nextHost + 1}`];
}
const PORT = 1179;

async function side(address: string, peerAddress: string, cfg: Partial<WirePeerConfig> & { asn: number; peerAsn?: number }, routes: OutRoute[] = []): Promise<Side> {
  const rib = new Map<number, InRoute>();
  const downs: string[] = [];
  const s = { rib, downs, eor: 0 } as Partial<Side> & { rib: Map<number, InRoute>; downs: string[]; eor: number };
  const peer = new WirePeer(
    {
      name: `${address}->${peerAddress}`,
      localAsn: cfg.asn,
      bgpId: cfg.bgpId ?? address.replace(/^127\./, '10.'),
      nextHop: `198.51.100.${address.split('.')[3]}`,
      expectedPeerAsn: cfg.peerAsn,
      refuseReservedPeerAsn: cfg.refuseReservedPeerAsn ?? cfg.asn === 65515, // only the gateway side refuses reserved ASNs
      holdSeconds: cfg.holdSeconds ?? 9,
      keepaliveSeconds: cfg.keepaliveSeconds ?? 3,
      azureTimers: cfg.azureTimers ?? false,
      prefixLimit: cfg.prefixLimit,
      prefixLimitIdleSeconds: cfg.prefixLimitIdleSeconds ?? 60,
      dial: cfg.dial,
    },
    {
      exportAll: () => routes,
      received: (announce, withdraw) => {
        for (const p of withdraw) rib.delete(prefixKey(p));
        for (const r of announce) rib.set(prefixKey(r.prefix), r);
      },
      endOfRib: () => void s.eor++,
      down: (reason) => void downs.push(reason),
      stateChanged: () => undefined,
    },
  );
  const listener = new BgpListener(address, PORT);
  await listener.listen();
  listener.addPeer(peerAddress, peer);
  s.peer = peer;
  s.listener = listener;
  return s as Side;
}

async function until(what: string, cond: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function stopAll(...sides: Side[]): Promise<void> {
  await Promise.all(sides.map((s) => s.peer.stop()));
  await Promise.all(sides.map((s) => s.listener.close()));
}

const route = (text: string, asPath: number[] = []): OutRoute => ({ prefix: parsePrefix(text), asPath, origin: 'igp' });
const dial = (host: string, localAddress: string) => ({ host, port: PORT, localAddress, retrySeconds: 0.2 });

test('established both ways; routes, next hop and AS path arrive; loops are dropped; Cease/2 on stop', async () => {
  const [a, b] = hosts();
  const gw = await side(a, b, { asn: 65515, peerAsn: 65010 }, [route('10.1.0.0/16'), route('10.2.0.0/16', [65010])]);
  const rtr = await side(b, a, { asn: 65010, peerAsn: 65515, dial: dial(a, b) }, [route('192.168.0.0/16'), route('172.16.0.0/12', [64999, 4200000001])]);
  gw.peer.setAllowed(true, '');
  rtr.peer.setAllowed(true, '');
  await until('Established', () => gw.peer.state === 'Established' && rtr.peer.state === 'Established');
  await until('End-of-RIB both ways', () => gw.eor === 1 && rtr.eor === 1);
  assert.deepEqual([...gw.rib.values()].map((r) => [r.prefix.text, r.asPath.join(' '), r.nextHop]).sort(), [
    ['172.16.0.0/12', '65010 64999 4200000001', `198.51.100.${b.split('.')[3]}`],
    ['192.168.0.0/16', '65010', `198.51.100.${b.split('.')[3]}`],
  ]);
  // 10.2.0.0/16 carries 65010 already: the router drops it (AS-path loop prevention).
  assert.deepEqual([...rtr.rib.values()].map((r) => r.prefix.text), ['10.1.0.0/16']);
  assert.equal(gw.peer.prefixesReceived, 2);
  // ROUTE-REFRESH: the gateway sends its table and End-of-RIB again.
  assert.equal(rtr.peer.requestRefresh(), true);
  await until('a second End-of-RIB', () => rtr.eor === 2);
  assert.deepEqual([...rtr.rib.values()].map((r) => r.prefix.text), ['10.1.0.0/16']);
  gw.peer.exportChanged([{ prefix: parsePrefix('10.3.0.0/16'), route: route('10.3.0.0/16') }, { prefix: parsePrefix('10.1.0.0/16'), route: undefined }]);
  await until('update and withdrawal', () => rtr.rib.has(prefixKey(parsePrefix('10.3.0.0/16'))) && !rtr.rib.has(prefixKey(parsePrefix('10.1.0.0/16'))));
  await gw.peer.stop();
  await until('router sees the Cease', () => rtr.downs.length > 0);
  assert.match(rtr.downs[0]!, /6\/2 \(Cease\/Administrative Shutdown\)/);
  await stopAll(gw, rtr);
});

test('both sides dial: collision detection leaves exactly one session', async () => {
  const [a, b] = hosts();
  const x = await side(a, b, { asn: 65515, peerAsn: 65010, dial: dial(b, a) }, [route('10.1.0.0/16')]);
  const y = await side(b, a, { asn: 65010, peerAsn: 65515, dial: dial(a, b) }, [route('192.168.0.0/16')]);
  x.peer.setAllowed(true, '');
  y.peer.setAllowed(true, '');
  await until('Established', () => x.peer.state === 'Established' && y.peer.state === 'Established');
  await new Promise((r) => setTimeout(r, 600)); // retries would show up as extra sessions
  assert.equal(x.peer.establishedCount, 1);
  assert.equal(y.peer.establishedCount, 1);
  assert.equal(x.rib.size, 1);
  assert.equal(y.rib.size, 1);
  await stopAll(x, y);
});

test('a reserved on-premises ASN is refused with OPEN/Bad Peer AS', async () => {
  const [a, b] = hosts();
  const gw = await side(a, b, { asn: 65515 });
  const rtr = await side(b, a, { asn: 65517, dial: dial(a, b), refuseReservedPeerAsn: false });
  gw.peer.setAllowed(true, '');
  rtr.peer.setAllowed(true, '');
  await until('refusal', () => rtr.peer.lastNotification?.direction === 'received');
  assert.equal(rtr.peer.lastNotification!.text, '2/2 (OPEN Message Error/Bad Peer AS)');
  assert.match(gw.peer.lastError, /bad peer AS: ASN 65517 is reserved by Azure/);
  assert.notEqual(gw.peer.state, 'Established');
  await stopAll(gw, rtr);
});

test('past the prefix limit the session drops with Cease/1 and RFC 4486 data, and stays Idle', async () => {
  const [a, b] = hosts();
  const gw = await side(a, b, { asn: 65515, prefixLimit: 100 });
  const many = Array.from({ length: 101 }, (_, i) => route(`10.200.${i}.0/24`));
  const rtr = await side(b, a, { asn: 65010, dial: dial(a, b) }, many);
  gw.peer.setAllowed(true, '');
  rtr.peer.setAllowed(true, '');
  await until('Cease/1 at the router', () => rtr.peer.lastNotification?.direction === 'received');
  assert.equal(rtr.peer.lastNotification!.text, '6/1 (Cease/Maximum Number of Prefixes Reached)');
  assert.equal(rtr.peer.lastNotification!.data, '00010100000064');
  assert.equal(gw.peer.state, 'Idle');
  assert.equal(gw.peer.prefixesReceived, 0);
  assert.match(gw.peer.lastError, /prefix limit exceeded: the router advertised 101 prefixes, limit 100/);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(gw.peer.state, 'Idle', 'refuses reconnection while idle');
  await stopAll(gw, rtr);
});

test('Azure timer behaviour: a peer with hold 3 s gets no keepalive in time and reports Hold Timer Expired; RFC timers keep it up', async () => {
  for (const azureTimers of [true, false]) {
    const [a, b] = hosts();
    const gw = await side(a, b, { asn: 65515, holdSeconds: 180, keepaliveSeconds: 60, azureTimers });
    const rtr = await side(b, a, { asn: 65010, holdSeconds: 3, keepaliveSeconds: 1, dial: dial(a, b) });
    gw.peer.setAllowed(true, '');
    rtr.peer.setAllowed(true, '');
    await until('Established', () => gw.peer.state === 'Established');
    assert.equal(gw.peer.negotiatedHoldSeconds, 3);
    assert.equal(gw.peer.keepaliveIntervalSeconds, azureTimers ? 60 : 1);
    await new Promise((r) => setTimeout(r, 4000));
    if (azureTimers) {
      assert.equal(rtr.peer.lastNotification?.text, '4/0 (Hold Timer Expired)');
      assert.equal(rtr.peer.lastNotification?.direction, 'sent');
      assert.equal(gw.peer.lastNotification?.text, '4/0 (Hold Timer Expired)');
    } else {
      assert.equal(gw.peer.establishedCount, 1);
      assert.equal(gw.peer.state, 'Established');
    }
    await stopAll(gw, rtr);
  }
});

test('garbage on the wire ends only that connection, with the right NOTIFICATION', async () => {
  const [a, b] = hosts();
  const gw = await side(a, b, { asn: 65515 });
  gw.peer.setAllowed(true, '');
  const sock = net.connect({ host: a, port: PORT, localAddress: b });
  const got: Buffer[] = [];
  sock.on('data', (d: Buffer) => got.push(d));
  await new Promise((r) => sock.once('connect', r));
  sock.write(Buffer.from('ffffffffffffffffffffffffffffff00001304', 'hex')); // marker broken
  await new Promise((r) => sock.once('close', r));
  const all = Buffer.concat(got);
  // Our OPEN, then NOTIFICATION 1/1 (Connection Not Synchronized).
  const notif = all.subarray(all.length - 21);
  assert.equal(notif[18], 3);
  assert.equal(notif[19], 1);
  assert.equal(notif[20], 1);
  assert.match(gw.peer.lastError, /Connection Not Synchronized/);
  await stopAll(gw);
});
