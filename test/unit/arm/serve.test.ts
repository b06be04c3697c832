// `gateway-lab serve`: a real scenario in the real LabRuntime behind the ARM endpoint; the first
// stdout line is the connection JSON, and the ARM client reads the scenario's gateways through it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve, type ServeInfo } from '../../../src/cli/commands/serve';
import { UsageError } from '../../../src/cli/command';
import { ArmGatewayDataSource } from '../../../src/azure/armGatewayDataSource';
import { StaticTokenCredential } from '../../../src/azure/staticTokenCredential';

const root = join(__dirname, '..', '..', '..');
const scenario = join(root, 'scenarios', 'ap-unplanned-crash.gwlab.json');

test('serve prints the endpoint JSON first, and the ARM client reads the running scenario', async () => {
  const out: string[] = [];
  let release!: () => void;
  const stopped = new Promise<void>((r) => (release = r));
  let announced!: () => void;
  const ready = new Promise<void>((r) => (announced = r));
  const running = serve([scenario, '--speed', '10'], { out: (t) => { out.push(t); announced(); }, err: () => undefined }, () => stopped);
  await ready;
  try {
    const info = JSON.parse(out[0]!) as ServeInfo;
    assert.deepEqual(Object.keys(info).sort(), ['baseUrl', 'bgpEndpoints', 'externalSites', 'logsEndpoint', 'metricsEndpoint', 'subscriptionId', 'token', 'workspaceId']);
    assert.equal(info.logsEndpoint, `${info.baseUrl}/loganalytics/v1`);
    assert.equal(info.metricsEndpoint, info.baseUrl);
    // The same token opens the lab's Log Analytics endpoint: the rows the running lab has written so far.
    // The first line comes as soon as the endpoint listens; the lab's first instant (the tunnel
    // coming up on IN_0) runs on the paced driver's first tick, so ask until it has.
    let rows: string[][] = [];
    for (let attempt = 0; attempt < 100 && rows.length === 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 50));
      const q = await fetch(`${info.logsEndpoint}/workspaces/${info.workspaceId}/query`, { method: 'POST', headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query: 'AzureDiagnostics | where Category == "TunnelDiagnosticLog" | project TimeGenerated, OperationName, instance_s' }) });
      assert.equal(q.status, 200);
      rows = ((await q.json()) as { tables: { rows: string[][] }[] }).tables[0]!.rows;
    }
    assert.deepEqual(rows[0]?.slice(1), ['TunnelConnected', 'GatewayTenantWorker_IN_0']);
    assert.equal((await fetch(`${info.logsEndpoint}/workspaces/${info.workspaceId}/query`, { method: 'POST', body: '{}' })).status, 401);
    assert.deepEqual([info.bgpEndpoints, info.externalSites], [[], []], 'no external site in this scenario');
    assert.match(info.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    const source = new ArmGatewayDataSource({ id: 'lab', label: 'Lab', endpoint: info.baseUrl, credential: new StaticTokenCredential(info.token), subscriptions: [info.subscriptionId], pollIntervalMs: 20 });
    const gateways = await source.listGateways();
    assert.ok(gateways.length >= 1, 'the scenario has gateways');
    assert.ok(gateways.every((g) => g.id.startsWith(`/subscriptions/${info.subscriptionId}/`)));
    const peers = await source.getBgpPeerStatus(gateways[0]!.id);
    assert.ok(Array.isArray(peers));
  } finally {
    release();
  }
  assert.equal(await running, 0);
});

test('serve --port N serves on that port of 127.0.0.1', async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const out: string[] = [];
  let release!: () => void;
  const stopped = new Promise<void>((r) => (release = r));
  let announced!: () => void;
  const ready = new Promise<void>((r) => (announced = r));
  const running = serve([scenario, '--port', String(port)], { out: (t) => { out.push(t); announced(); }, err: () => undefined }, () => stopped);
  await ready;
  try {
    const info = JSON.parse(out[0]!) as ServeInfo;
    assert.equal(info.baseUrl, `http://127.0.0.1:${port}`);
    assert.equal((await fetch(`${info.baseUrl}/subscriptions?api-version=2022-12-01`, { headers: { authorization: `Bearer ${info.token}` } })).status, 200);
  } finally {
    release();
  }
  assert.equal(await running, 0);
});

test('serve --port 0 serves on a free port, as 0 means everywhere else', async () => {
  const out: string[] = [];
  let release!: () => void;
  const stopped = new Promise<void>((r) => (release = r));
  let announced!: () => void;
  const ready = new Promise<void>((r) => (announced = r));
  const running = serve([scenario, '--port', '0'], { out: (t) => { out.push(t); announced(); }, err: () => undefined }, () => stopped);
  await Promise.race([ready, running]);
  try {
    const info = JSON.parse(out[0]!) as ServeInfo;
    const port = Number(/^http:\/\/127\.0\.0\.1:(\d+)$/.exec(info.baseUrl)?.[1]);
    assert.ok(port > 0, `a real port was chosen (${info.baseUrl})`);
    assert.equal((await fetch(`${info.baseUrl}/subscriptions?api-version=2022-12-01`, { headers: { authorization: `Bearer ${info.token}` } })).status, 200);
  } finally {
    release();
  }
  assert.equal(await running, 0);
});

test('serve rejects bad options with a usage error', async () => {
  const io = { out: () => undefined, err: () => undefined };
  await assert.rejects(serve([], io), (e: unknown) => e instanceof UsageError && /missing scenario/.test(e.message));
  await assert.rejects(serve([scenario, '--speed', '0'], io), /--speed must be a number from 1 to 600/);
  await assert.rejects(serve([scenario, '--port', '70000'], io), /--port/);
  for (const bad of ['-1', '1.5', 'x', '']) await assert.rejects(serve([scenario, `--port=${bad}`], io), /--port must be an integer from 0 to 65535/, bad);
});

test('the gateway-lab process prints the JSON as its first stdout line', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), 'serve', scenario], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`gateway-lab exited early with ${code}`)));
    });
    const info = JSON.parse(first) as ServeInfo;
    const res = await fetch(`${info.baseUrl}/subscriptions?api-version=2022-12-01`, { headers: { authorization: `Bearer ${info.token}` } });
    assert.equal(res.status, 200);
    const anonymous = await fetch(`${info.baseUrl}/subscriptions?api-version=2022-12-01`);
    assert.equal(anonymous.status, 401);
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
});
