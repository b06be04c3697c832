// Connections that are not Connected, and active/active connections with one tunnel down.
import type { TunnelConnectionHealth } from '../../model/arm';
import { DOCS } from '../docs';
import { connectionTable } from '../evidence';
import { findingId, type RuleFinding, type Severity } from '../finding';
import { causeKey } from '../rootCause';
import type { DiagnosticRule } from '../rule';
import { resourceName } from '../../model/armShapes';

export const CONNECTION_NOT_CONNECTED = 'connection-not-connected';
export const TUNNEL_DOWN = 'active-active-tunnel-down';

function tunnelTable(title: string, tunnels: readonly TunnelConnectionHealth[]) {
  return {
    title,
    columns: ['tunnel', 'connectionStatus', 'ingressBytesTransferred', 'egressBytesTransferred', 'lastConnectionEstablishedUtcTime'],
    rows: tunnels.map((t) => [t.tunnel, t.connectionStatus, t.ingressBytesTransferred, t.egressBytesTransferred, t.lastConnectionEstablishedUtcTime]),
  };
}

const SEVERITY: Record<string, Severity> = { NotConnected: 'error', Connecting: 'warning', Unknown: 'info' };

export const connectionNotConnected: DiagnosticRule = {
  id: CONNECTION_NOT_CONNECTED,
  description: 'A connection is not Connected, or one tunnel of an active/active connection is down.',
  run(index) {
    const findings: RuleFinding[] = [];
    for (const c of index.snapshot.connections) {
      const gw = index.gateway(c.virtualNetworkGateway1.id)?.gateway;
      const resources = [c.id, c.virtualNetworkGateway1.id, ...(c.localNetworkGateway2 ? [c.localNetworkGateway2.id] : [])];
      const name = resourceName(c.id);
      // ARM commonly reports no status for ExpressRoute connections (the lab mirrors it):
      // "Unknown" there says nothing, so it is not worth a row in the view.
      if (c.connectionType === 'ExpressRoute' && c.connectionStatus === 'Unknown') continue;
      if (c.connectionStatus !== 'Connected') {
        const isVpn = c.connectionType !== 'ExpressRoute';
        findings.push({
          id: findingId(CONNECTION_NOT_CONNECTED, resources),
          ruleId: CONNECTION_NOT_CONNECTED,
          severity: SEVERITY[c.connectionStatus] ?? 'warning',
          resources,
          title:
            c.connectionStatus === 'Unknown'
              ? `Connection ${name} reports status Unknown`
              : `Connection ${name} is ${c.connectionStatus}`,
          explanation:
            c.connectionStatus === 'Connecting'
              ? `${name} is negotiating (IKE/BGP); traffic over it fails until it is Connected. If it stays Connecting, the two ends disagree on address, shared key or IPsec/IKE parameters.`
              : c.connectionStatus === 'Unknown'
                ? `Azure did not report a status for ${name}; nothing can be concluded about it from this snapshot.`
                : `${name} is down: no traffic flows over it${gw ? ` through gateway ${gw.name}` : ''}.`,
          evidence: [connectionTable('Connection status', [c])],
          actions: isVpn
            ? [
                { label: 'Check the on-premises device: public IP, shared key and IPsec/IKE parameters must match the local network gateway.', url: DOCS.s2sCannotConnect },
                { label: 'If the configuration is right, reset the VPN gateway.', url: DOCS.resetGateway },
              ]
            : [{ label: 'Check the ExpressRoute circuit and its private peering.', url: DOCS.erRouting }],
          // BGP over a tunnel that is down cannot be up: those peers follow from this.
          explains: [causeKey.tunnel(c.id)],
        });
        continue;
      }
      if (!gw?.activeActive) continue;
      const down = (c.tunnelConnectionStatus ?? []).filter((t) => t.connectionStatus !== 'Connected');
      if (down.length === 0) continue;
      findings.push({
        id: findingId(TUNNEL_DOWN, resources, down.map((t) => t.tunnel).join(',')),
        ruleId: TUNNEL_DOWN,
        severity: 'warning',
        resources,
        title: `Active/active connection ${name}: ${down.length} tunnel(s) down`,
        explanation:
          `Gateway ${gw.name} is active/active, so ${name} has one tunnel per instance. The connection still shows Connected ` +
          `because another tunnel is up, but the redundancy is gone: losing the remaining instance drops the site.`,
        evidence: [connectionTable('Connection status', [c]), tunnelTable('Tunnels not Connected', down)],
        actions: [
          { label: 'Configure the on-premises device for both gateway instance public IPs.', url: DOCS.highlyAvailable },
          { label: 'Check the on-premises device logs for the failing tunnel.', url: DOCS.s2sDisconnects },
        ],
        explains: [causeKey.tunnel(c.id)],
      });
    }
    return findings;
  },
};
