// gateway-lab logs / timeline, in-process through the real dispatcher and lab.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from '../cli/cliHarness';
import type { GatewayLogRow } from '../../../src/model/gatewayHistory';

describe('gateway-lab logs', () => {
  it('--json prints an array of rows in Azure columns; --category filters; --at stops the run', async () => {
    const all = await cli('logs', 'ap-unplanned-crash', '--json');
    assert.equal(all.code, 0, all.err);
    const rows = JSON.parse(all.out) as GatewayLogRow[];
    assert.ok(Array.isArray(rows) && rows.length > 0);
    const tunnel = rows.filter((r) => r.Category === 'TunnelDiagnosticLog');
    assert.deepEqual(tunnel.map((r) => [r.OperationName, r.instance_s, r.status_s]), [
      ['TunnelConnected', 'GatewayTenantWorker_IN_0', 'Connected'],
      ['TunnelDisconnected', 'GatewayTenantWorker_IN_0', 'Disconnected'],
      ['TunnelConnected', 'GatewayTenantWorker_IN_1', 'Connected'],
    ]);
    assert.equal(tunnel[1]!.TimeGenerated, '2026-01-01T00:02:00.000Z');
    assert.equal(tunnel[1]!.remoteIP_s, '203.0.113.10');
    const only = JSON.parse((await cli('logs', 'ap-unplanned-crash', '--category', 'tunneldiagnosticlog', '--json')).out) as GatewayLogRow[];
    assert.deepEqual(only, tunnel);
    const early = JSON.parse((await cli('logs', 'ap-unplanned-crash', '--category', 'TunnelDiagnosticLog', '--at', '2m30s', '--json')).out) as GatewayLogRow[];
    assert.equal(early.length, 2);
  });

  it('text output has a header row and says the message text is the lab\'s model', async () => {
    const r = await cli('logs', 'ap-planned-maintenance');
    assert.equal(r.code, 0);
    assert.match(r.out, /TimeGenerated\s+Category\s+OperationName/);
    assert.match(r.out, /HostMaintenanceEvent/);
    assert.match(r.out, /lab's model/);
  });

  it('bad input: unknown category, --at after the end, unknown scenario (exit 2, says what was wrong)', async () => {
    const bad = await cli('logs', 'ap-unplanned-crash', '--category', 'Nope');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--category: "Nope" is not a log category/);
    const late = await cli('logs', 'ap-unplanned-crash', '--at', '2h');
    assert.equal(late.code, 2);
    assert.match(late.err, /after the end/);
    const none = await cli('timeline', 'no-such-scenario');
    assert.equal(none.code, 2);
    assert.match(none.err, /no scenario "no-such-scenario"/);
  });
});

describe('gateway-lab timeline', () => {
  it('--json: events[] with kind, at, gateway, fromInstance, toInstance, gapSeconds', async () => {
    const r = await cli('timeline', 'gateway-reset', '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { scenario: string; events: { kind: string; at: string; t: number; gateway: string; fromInstance?: string; toInstance?: string; gapSeconds?: number }[] };
    assert.equal(j.scenario, 'gateway-reset');
    assert.deepEqual(j.events.map((e) => e.kind), ['reset', 'failover']);
    const f = j.events[1]!;
    assert.equal(f.gateway, 'vpn-gw');
    assert.equal(f.fromInstance, 'IN_0');
    assert.equal(f.toInstance, 'IN_1');
    assert.equal(f.t, 60);
    assert.equal(f.at, '2026-01-01T00:01:00.000Z');
    assert.ok(f.gapSeconds! > 50 && f.gapSeconds! < 60);
  });

  it('--json: a UDR fault is a configChange naming the route table the lab serves, its caller and status', async () => {
    const r = await cli('timeline', 'coex-udr-trigger', '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { events: { kind: string; t: number; resource?: string; resourceId?: string; caller?: string; status?: string }[] };
    const changes = j.events.filter((e) => e.kind === 'configChange');
    assert.deepEqual(changes.map((e) => [e.t, e.resource, e.status]), [[60, 'GatewaySubnet-rt', 'Succeeded'], [360, 'GatewaySubnet-rt', 'Succeeded']]);
    assert.match(changes[0]!.resourceId!, /\/routeTables\/GatewaySubnet-rt\/routes\/all-vnet-to-nva$/);
    assert.match(changes[0]!.caller!, /gateway-lab/);
  });

  it('text lists the events with their time', async () => {
    const r = await cli('timeline', 'bgp-prefix-limit');
    assert.equal(r.code, 0);
    assert.match(r.out, /bgpDrop .*prefix limit/);
  });
});
