// gateway-lab snapshot: the scenario form, and --endpoint against the lab's real ARM endpoint
// (the same client code as the extension), whose JSON validates as a snapshot file and feeds
// `path --snapshot` and `diagnose --snapshot` offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cliHarness';
import { createLab } from '../../../src/engine/createLab';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import { startArmEndpoint } from '../../../src/engine/arm/armEndpoint';
import { parseSnapshotJson } from '../../../src/diagnostics/snapshotFile';

test('snapshot --endpoint --token reads a whole lab through the client; path/diagnose --snapshot read the file', async () => {
  const lab = createLab(await loadScenario(join(__dirname, '../../../scenarios/coex-udr-trigger.gwlab.json')), { recordEvents: false });
  lab.runUntil(270);
  const ep = await startArmEndpoint({ snapshot: () => lab.snapshot(), lro: { pollsBeforeDone: 0, retryAfterSeconds: 1 } });
  const dir = mkdtempSync(join(tmpdir(), 'gwl-snap-'));
  try {
    const { code, out, err } = await cli('snapshot', '--endpoint', ep.baseUrl, '--token', ep.token, '--gateway', 'er-gw');
    assert.equal(code, 0, err);
    assert.equal(err, '', 'nothing denied');
    const snap = parseSnapshotJson(out, 'stdout');
    assert.equal(snap.source, 'azure');
    assert.deepEqual(snap.gateways.map((g) => g.gateway.name).sort(), ['er-gw', 'vpn-gw']);
    assert.ok(snap.networkInterfaces![0]!.effectiveRoutes!.length > 0);
    assert.ok(snap.expressRouteCircuits![0]!.peerings[0]!.primary.routes!.length > 0);
    assert.equal(snap.lab, undefined, 'an ARM read carries no lab-only state');
    const file = join(dir, 'capture.json');
    writeFileSync(file, out);
    const path = await cli('path', '--snapshot', file, '--from', '10.10.1.4', '--to', '192.168.10.20', '--json');
    assert.equal(path.code, 1);
    const r = JSON.parse(path.out) as { firstBroken: number; hops: { kind: string; name: string }[] };
    assert.deepEqual([r.hops[r.firstBroken]!.kind, r.hops[r.firstBroken]!.name], ['plumbing', 'er-gw']);
    const diag = await cli('diagnose', '--snapshot', file, '--json');
    assert.match(diag.out, /coexistence-bgp-break/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await ep.close();
    await lab.dispose();
  }
});

test('snapshot: bad combinations are exit 2 with what was wrong', async () => {
  assert.match((await cli('snapshot', '--azure')).err, /--azure needs --subscription/);
  assert.match((await cli('snapshot', 'coex-healthy', '--azure', '--subscription', 's')).err, /exclude each other/);
  assert.match((await cli('snapshot', '--endpoint', 'http://127.0.0.1:1')).err, /--endpoint needs --token/);
  assert.match((await cli('snapshot', 'coex-healthy', '--gateway', 'x')).err, /--gateway applies to --azure or --endpoint/);
  assert.equal((await cli('snapshot', '--endpoint', 'not a url', '--token', 't')).code, 2);
});
