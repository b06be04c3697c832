// The triage rules of Microsoft Learn's "Troubleshoot Azure VPN Gateway using diagnostic logs",
// as rows shaped like its examples (AzureDiagnostics columns): failover vs same-instance flap,
// maintenance and reset explaining a failover, configuration changes, BGP drops, IKE retries.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyHistory } from '../../../src/diagnostics/history/classifyHistory';
import type { ActivityLogEntry, GatewayLogRow } from '../../../src/model/gatewayHistory';

const T0 = Date.parse('2021-03-15T03:12:00Z');
function at(seconds: number): string {
  return new Date(T0 + seconds * 1000).toISOString();
}
function row(seconds: number, category: GatewayLogRow['Category'], op: string, extra: Partial<GatewayLogRow> = {}): GatewayLogRow {
  return { TimeGenerated: at(seconds), Category: category, OperationName: op, Resource: 'VPNGW01', ResourceGroup: 'RG', ResourceId: '/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.NETWORK/VIRTUALNETWORKGATEWAYS/VPNGW01', Level: 'Informational', Message: op, ...extra };
}
const tunnel = (s: number, op: 'TunnelConnected' | 'TunnelDisconnected', inst: 0 | 1, remote = '203.0.113.10'): GatewayLogRow =>
  row(s, 'TunnelDiagnosticLog', op, { instance_s: `GatewayTenantWorker_IN_${inst}`, remoteIP_s: remote, status_s: op === 'TunnelConnected' ? 'Connected' : 'Disconnected' });

describe('classifyHistory: the documented triage rules', () => {
  it('a disconnect on one instance followed by a connect on the other within seconds is a failover, with its gap', () => {
    const events = classifyHistory([tunnel(0, 'TunnelConnected', 0), tunnel(100, 'TunnelDisconnected', 0), tunnel(112, 'TunnelConnected', 1)]);
    assert.equal(events.length, 1);
    const e = events[0]!;
    assert.equal(e.kind, 'failover');
    assert.equal(e.fromInstance, 'IN_0');
    assert.equal(e.toInstance, 'IN_1');
    assert.equal(e.gapSeconds, 12);
    assert.equal(e.at, at(100));
    assert.equal(e.gateway, 'VPNGW01');
    assert.deepEqual(e.rows, [1, 2]);
  });

  it('a disconnect and a connect on the same instance is a flap (DPD timeout or on-premises disconnect), not a failover', () => {
    const events = classifyHistory([tunnel(0, 'TunnelConnected', 1), tunnel(50, 'TunnelDisconnected', 1), tunnel(58, 'TunnelConnected', 1)]);
    assert.deepEqual(events.map((e) => [e.kind, e.fromInstance, e.toInstance, e.gapSeconds]), [['flap', 'IN_1', 'IN_1', 8]]);
    assert.match(events[0]!.title, /DPD|on-premises/);
  });

  it('a disconnect never followed by a connect is a flap with an unknown gap', () => {
    const events = classifyHistory([tunnel(0, 'TunnelConnected', 0), tunnel(10, 'TunnelDisconnected', 0)]);
    assert.equal(events[0]!.kind, 'flap');
    assert.equal(events[0]!.gapSeconds, null);
  });

  it('a connect on the other instance long after the window is not a failover', () => {
    const events = classifyHistory([tunnel(0, 'TunnelDisconnected', 0), tunnel(3600, 'TunnelConnected', 1)], [], { failoverWindowSeconds: 300 });
    assert.deepEqual(events.map((e) => e.kind), ['flap']);
    assert.equal(events[0]!.gapSeconds, null);
  });

  it('tunnels to two sites failing over together are one failover; the gap is the later one', () => {
    const events = classifyHistory([tunnel(0, 'TunnelDisconnected', 0, '203.0.113.10'), tunnel(0.5, 'TunnelDisconnected', 0, '203.0.113.20'), tunnel(11, 'TunnelConnected', 1, '203.0.113.10'), tunnel(14, 'TunnelConnected', 1, '203.0.113.20')]);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.gapSeconds, 14);
    assert.equal(events[0]!.rows.length, 4);
  });

  it('HostMaintenanceEvent in GatewayDiagnosticLog explains the failover that follows (expected behaviour)', () => {
    const rows = [row(0, 'GatewayDiagnosticLog', 'HostMaintenanceEvent', { instance_s: 'GatewayTenantWorker_IN_0' }), tunnel(1, 'TunnelDisconnected', 0), row(1, 'GatewayDiagnosticLog', 'GatewayTenantPrimaryChanged', { instance_s: 'GatewayTenantWorker_IN_1' }), tunnel(13, 'TunnelConnected', 1)];
    const events = classifyHistory(rows);
    assert.deepEqual(events.map((e) => e.kind), ['maintenance', 'failover']);
    assert.equal(events[1]!.reason, 'planned maintenance');
  });

  it('a gateway reset in the Activity Log is a reset and explains the failover', () => {
    const activity: ActivityLogEntry[] = [
      { eventTimestamp: at(0), operationName: 'Microsoft.Network/virtualNetworkGateways/reset/action', resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworkGateways/vpngw01', status: 'Started', caller: 'alice@contoso.com', level: 'Informational', correlationId: 'c1' },
      { eventTimestamp: at(0), operationName: 'Microsoft.Network/virtualNetworkGateways/reset/action', resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworkGateways/vpngw01', status: 'Succeeded', caller: 'alice@contoso.com', level: 'Informational', correlationId: 'c1' },
    ];
    const events = classifyHistory([tunnel(2, 'TunnelDisconnected', 0), tunnel(58, 'TunnelConnected', 1)], activity);
    assert.deepEqual(events.map((e) => e.kind), ['reset', 'failover']);
    assert.match(events[0]!.title, /alice@contoso.com/);
    assert.equal(events[1]!.reason, 'gateway reset');
  });

  it('SetGatewayConfiguration and control-plane writes are configuration changes', () => {
    const activity: ActivityLogEntry[] = [{ eventTimestamp: at(5), operationName: 'Microsoft.Network/routeTables/routes/write', resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt-gw/routes/r1', status: 'Succeeded', caller: 'bob', level: 'Informational', correlationId: 'c2' }];
    const events = classifyHistory([row(0, 'GatewayDiagnosticLog', 'SetGatewayConfiguration', { Message: 'SetGatewayConfiguration succeeded' })], activity);
    assert.deepEqual(events.map((e) => [e.kind, e.gateway]), [['configChange', 'VPNGW01'], ['configChange', 'rt-gw']]);
    assert.deepEqual([events[1]!.resource, events[1]!.caller, events[1]!.status, events[1]!.resourceId], ['rt-gw', 'bob', 'Succeeded', activity[0]!.resourceId]);
    assert.match(events[1]!.title, /^route table rt-gw: Microsoft.Network\/routeTables\/routes\/write Succeeded by bob/);
  });

  it('a failed connection delete is a configuration change naming the connection, its caller and Failed', () => {
    const id = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/connections/to-paris';
    const activity: ActivityLogEntry[] = [
      { eventTimestamp: at(5), operationName: 'Microsoft.Network/connections/delete', resourceId: id, status: 'Started', caller: 'carol', level: 'Informational', correlationId: 'c3' },
      { eventTimestamp: at(6), operationName: 'Microsoft.Network/connections/delete', resourceId: id, status: 'Failed', caller: 'carol', level: 'Error', correlationId: 'c3' },
    ];
    const events = classifyHistory([], activity);
    assert.deepEqual(events.map((e) => [e.kind, e.resource, e.caller, e.status]), [['configChange', 'to-paris', 'carol', 'Failed']]);
    assert.match(events[0]!.title, /^connection to-paris: .*Failed by carol/);
  });

  it('BgpDisconnectedEvent is a BGP drop with its reason; one that only follows its tunnel down is part of the tunnel event', () => {
    const rows = [
      row(10, 'RouteDiagnosticLog', 'BgpDisconnectedEvent', { instance_s: 'GatewayTenantWorker_IN_0', peerAddress_s: '192.168.255.1', stateChangeReason_s: 'prefix limit exceeded' }),
      tunnel(100, 'TunnelDisconnected', 0),
      row(100.5, 'RouteDiagnosticLog', 'BgpDisconnectedEvent', { instance_s: 'GatewayTenantWorker_IN_0', peerAddress_s: '192.168.255.1', Message: 'BGP peer 192.168.255.1 disconnected: Stopped' }),
    ];
    const events = classifyHistory(rows);
    assert.deepEqual(events.map((e) => [e.kind, e.reason ?? null]), [['bgpDrop', 'prefix limit exceeded'], ['flap', null]]);
    assert.equal(events[0]!.peer, '192.168.255.1');
  });

  it('an IKE negotiation failing and retried every few seconds is one IKE error', () => {
    const ike = (s: number, msg: string, level: GatewayLogRow['Level'] = 'Informational'): GatewayLogRow => row(s, 'IKEDiagnosticLog', 'IkeLogEvent', { remoteIP_s: '203.0.113.10', Message: msg, Level: level });
    const rows = [ike(0, '[SEND] Proposed IKE_SA_INIT'), ike(1, '[RECEIVED] Received notify error NO_PROPOSAL_CHOSEN'), ike(11, '[RECEIVED] Received notify error NO_PROPOSAL_CHOSEN'), ike(21, 'failed', 'Error'), ike(900, '[RECEIVED] NO_PROPOSAL_CHOSEN')];
    const events = classifyHistory(rows);
    assert.deepEqual(events.map((e) => [e.kind, e.rows.length]), [['ikeError', 3], ['ikeError', 1]]);
    assert.equal(events[0]!.remoteIP, '203.0.113.10');
  });

  it('rows with missing optional columns never throw; tunnel rows without instance_s are skipped', () => {
    const bare = { TimeGenerated: at(0), Category: 'TunnelDiagnosticLog', OperationName: 'TunnelDisconnected', Resource: 'G', ResourceGroup: 'RG', ResourceId: '', Level: 'Warning', Message: '' } as GatewayLogRow;
    assert.deepEqual(classifyHistory([bare]), []);
  });
});
