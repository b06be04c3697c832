// `gateway-lab serve` with a site marked external: the first line lists the BGP endpoints and
// external sites, router configurations follow, the endpoints accept TCP, and a busy endpoint
// is a usage error naming it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as net from 'node:net';
import { serve, type ServeInfo } from '../../../src/cli/commands/serve';
import { UsageError } from '../../../src/cli/command';

const bundled = join(__dirname, '..', '..', '..', 'scenarios', 'bgp-external-router.gwlab.json');

function scenarioFile(dir: string, base: string): string {
  const s = JSON.parse(readFileSync(bundled, 'utf8')) as { bgp: { endpoints: { address: string } }; topology: { sites: { external: { address: string } }[] } };
  s.bgp.endpoints.address = base;
  s.topology.sites[0]!.external.address = base.replace(/\.\d+$/, '.2');
  const f = join(dir, 'ext.gwlab.json');
  writeFileSync(f, JSON.stringify(s));
  return f;
}

test('serve: bgpEndpoints, externalSites and router configurations; endpoints listen', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-serve-ext-'));
  const out: string[] = [];
  let release!: () => void;
  const stopped = new Promise<void>((r) => (release = r));
  let announced!: () => void;
  const ready = new Promise<void>((r) => (announced = r));
  const running = serve([scenarioFile(dir, '127.0.4.10')], { out: (t) => { out.push(t); announced(); }, err: () => undefined }, () => stopped);
  await ready;
  try {
    const info = JSON.parse(out[0]!) as ServeInfo;
    assert.deepEqual(info.bgpEndpoints, [
      { gateway: 'vpn-gw', instance: 'IN_0', address: '127.0.4.10', port: 1179, asn: 65515 },
      { gateway: 'vpn-gw', instance: 'IN_1', address: '127.0.4.11', port: 1179, asn: 65515 },
    ]);
    assert.deepEqual(info.externalSites, [{ site: 'onprem', address: '127.0.4.2', port: 1179, asn: 65010, prefixes: ['192.168.10.0/24', '192.168.20.0/24'] }]);
    const configs = out.slice(1).join('\n');
    for (const want of ['neighbor 127.0.4.10 remote-as 65515', 'neighbor 127.0.4.11 port 1179', 'set ip next-hop 192.168.255.1', 'neighbor 127.0.4.10 port 1179 as 65515;', 'next hop address 192.168.255.1;', 'neighbor-address = "127.0.4.11"']) {
      assert.ok(configs.includes(want), `configs contain "${want}"`);
    }
    await new Promise<void>((resolve, reject) => {
      const s = net.connect({ host: '127.0.4.10', port: 1179 }, () => {
        s.destroy();
        resolve();
      });
      s.once('error', reject);
    });
    // A second lab on the same endpoints cannot listen: a usage error naming the address.
    await assert.rejects(serve([scenarioFile(dir, '127.0.4.10')], { out: () => undefined, err: () => undefined }, () => Promise.resolve()), (e: unknown) => e instanceof UsageError && /127\.0\.4\.10:1179 is already in use/.test(e.message));
  } finally {
    release();
  }
  assert.equal(await running, 0);
  rmSync(dir, { recursive: true, force: true });
});
