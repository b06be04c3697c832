// The extension's way in: createLabBackend opens the real-router endpoints of a scenario with an
// external site, runs it at 1x whatever the speed setting, and reports endpoints and router
// configurations (the text "Peer a Real Router…" shows); a second lab on the same addresses
// keeps running and says why its endpoints do not listen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as net from 'node:net';
import { createLabBackend } from '../../../src/host/labBackendFactory';
import { realRouterReportText } from '../../../src/engine/bgp/realRouterReportText';

const bundled = join(__dirname, '..', '..', '..', 'scenarios', 'bgp-external-router.gwlab.json');

test('createLabBackend: external site -> endpoints listen, lab at 1x, report and configurations; a clash is reported, not thrown', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-realrouter-'));
  const s = JSON.parse(readFileSync(bundled, 'utf8')) as { bgp: { endpoints: { address: string } } };
  s.bgp.endpoints.address = '127.0.7.10';
  const file = join(dir, 'ext.gwlab.json');
  writeFileSync(file, JSON.stringify(s));
  const first = await createLabBackend(file, { speed: 60 });
  try {
    assert.equal(first.controller.speed, 1, 'real routers: wall-clock time');
    const report = first.realRouters!();
    assert.equal(report.listening, true);
    assert.deepEqual(report.bgpEndpoints.map((e) => `${e.instance} ${e.address}:${e.port}`), ['IN_0 127.0.7.10:1179', 'IN_1 127.0.7.11:1179']);
    assert.equal(report.azureTimers, true);
    const text = realRouterReportText(report);
    assert.match(text, /vpn-gw\/IN_0: 127\.0\.7\.10:1179, AS 65515/);
    assert.match(text, /wall-clock time \(1x\)/);
    assert.match(text, /Azure VPN Gateway BGP Timer Mismatches/);
    assert.match(text, /neighbor 127\.0\.7\.10 remote-as 65515/);
    await new Promise<void>((resolve, reject) => {
      const c = net.connect({ host: '127.0.7.10', port: 1179 }, () => (c.destroy(), resolve()));
      c.once('error', reject);
    });
    const second = await createLabBackend(file, { speed: 60 });
    try {
      const r2 = second.realRouters!();
      assert.equal(r2.listening, false);
      assert.match(r2.error ?? '', /127\.0\.7\.10:1179 is already in use/);
      assert.match(realRouterReportText(r2), /NOT listening/);
    } finally {
      second.dispose();
    }
  } finally {
    first.dispose();
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dir, { recursive: true, force: true });
  }
});
