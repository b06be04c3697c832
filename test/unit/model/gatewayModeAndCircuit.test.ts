// The one helper that names a gateway's mode, and what is known of ExpressRoute connections
// whose ARM status is Unknown (their gateway's BGP sessions with the circuit's edge routers).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { gatewayMode } from '../../../src/model/gatewayMode';
import { circuitBgp, circuitBgpText, connectionsSummary, MICROSOFT_EDGE_ASN } from '../../../src/model/circuitBgp';
import type { BgpPeerStatus, VirtualNetworkGatewayConnection } from '../../../src/model/arm';
import { networkResourceId } from '../../../src/model/resourceIds';

function peer(neighbor: string, asn: number, state: BgpPeerStatus['state']): BgpPeerStatus {
  return { localAddress: '10.0.255.4', neighbor, asn, state, connectedDuration: '', routesReceived: 1, messagesSent: 1, messagesReceived: 1 };
}

function connection(name: string, type: VirtualNetworkGatewayConnection['connectionType'], status: VirtualNetworkGatewayConnection['connectionStatus'], circuit?: string): VirtualNetworkGatewayConnection {
  return {
    id: networkResourceId('connections', name),
    name,
    location: 'westeurope',
    connectionType: type,
    connectionStatus: status,
    ingressBytesTransferred: 0,
    egressBytesTransferred: 0,
    enableBgp: true,
    virtualNetworkGateway1: { id: networkResourceId('virtualNetworkGateways', type === 'ExpressRoute' ? 'er' : 'vpn') },
    ...(circuit ? { peer: { id: networkResourceId('expressRouteCircuits', circuit) } } : {}),
    provisioningState: 'Succeeded',
  };
}

describe('gatewayMode', () => {
  it('labels VPN gateways by ARM\'s activeActive flag and ExpressRoute gateways active/active whatever the flag says', () => {
    assert.equal(gatewayMode({ gatewayType: 'Vpn', activeActive: false }).label, 'active/passive');
    assert.equal(gatewayMode({ gatewayType: 'Vpn', activeActive: true }).label, 'active/active');
    for (const activeActive of [false, true]) {
      const mode = gatewayMode({ gatewayType: 'ExpressRoute', activeActive });
      assert.equal(mode.label, 'active/active');
      assert.equal(mode.kind, 'expressRouteActiveActive');
      assert.match(mode.explanation, /activeActive flag describes VPN gateways/);
    }
  });
});

describe('ExpressRoute connections without an ARM status', () => {
  const er = connection('er-conn', 'ExpressRoute', 'Unknown', 'er-circuit');
  const s2s = connection('s2s', 'IPsec', 'Connected');

  it('counts only the sessions with the Microsoft edge (ASN 12076) and names the circuit', () => {
    const peers = [peer('172.31.0.2', MICROSOFT_EDGE_ASN, 'Connected'), peer('172.31.0.3', MICROSOFT_EDGE_ASN, 'Idle'), peer('10.0.255.5', 65515, 'Connected')];
    assert.deepEqual(circuitBgp([er], peers), { up: 1, total: 2, circuits: ['er-circuit'] });
    assert.equal(circuitBgpText(circuitBgp([er], peers)!), 'BGP 1/2 up to circuit er-circuit');
    assert.equal(circuitBgp([er], undefined), undefined, 'peers not loaded: nothing known');
  });

  it('summarises a gateway\'s connections by status where ARM has one and by BGP where it has none', () => {
    const up = [peer('172.31.0.2', MICROSOFT_EDGE_ASN, 'Connected'), peer('172.31.0.3', MICROSOFT_EDGE_ASN, 'Connected')];
    assert.equal(connectionsSummary([er], up), 'BGP 2/2 up to circuit er-circuit');
    assert.equal(connectionsSummary([s2s], undefined), '1/1 connected');
    assert.equal(connectionsSummary([s2s, er], up), '1/1 connected · BGP 2/2 up to circuit er-circuit');
    assert.equal(connectionsSummary([er], undefined), '1 ExpressRoute: status not reported', 'never "0/1 connected"');
    assert.equal(connectionsSummary([], undefined), '0/0 connected');
    // An ExpressRoute connection that does report a status is counted by it.
    assert.equal(connectionsSummary([connection('er2', 'ExpressRoute', 'Connected', 'c2')], up), '1/1 connected');
  });
});
