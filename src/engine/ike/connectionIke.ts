// Azure's IKE side of a connection as a NetworkSnapshot holds it: the connection's ARM settings,
// its gateway's type and SKU, the VNet's and the site's prefixes (the one road from a snapshot,
// lab or Azure, to the checker).
import type { NetworkSnapshot } from '../../model/snapshot';
import { azureIkeSide, type AzureIkeSide } from './azureSide';
import type { DeviceConfig } from './devicePolicy';
import { checkIke, type IkeCheckResult } from './ikeCheck';
import { parseDeviceConfig } from './parseDevice';

// ARM resource ids compare case-insensitively (the lead is unifying id helpers; issue 10).
const sameResourceId = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export function azureSideFromSnapshot(snapshot: NetworkSnapshot, connectionName: string): AzureIkeSide {
  const conn = snapshot.connections.find((c) => c.name === connectionName);
  if (!conn) {
    const names = snapshot.connections.filter((c) => c.connectionType === 'IPsec').map((c) => c.name);
    throw new Error(`no connection "${connectionName}" (IPsec connections: ${names.join(', ') || 'none'})`);
  }
  if (conn.connectionType === 'ExpressRoute') throw new Error(`connection "${connectionName}" is ExpressRoute: no IKE/IPsec to check`);
  const gw = snapshot.gateways.find((g) => sameResourceId(g.gateway.id, conn.virtualNetworkGateway1.id))?.gateway;
  const site = conn.localNetworkGateway2 ? snapshot.localNetworkGateways.find((l) => sameResourceId(l.id, conn.localNetworkGateway2!.id)) : undefined;
  return azureIkeSide({
    connection: conn,
    vpnType: gw?.vpnType,
    sku: gw?.sku.name,
    vnetPrefixes: snapshot.virtualNetworks.flatMap((v) => v.addressSpace.addressPrefixes),
    sitePrefixes: site?.localNetworkAddressSpace.addressPrefixes,
  });
}

export interface DeviceCheck {
  config: DeviceConfig;
  result: IkeCheckResult;
}

/**
 * A device configuration's text checked against a snapshot's connection: what the panel shows
 * and what diagnostics re-checks from a snapshot's checkedDeviceConfigs. The first connection of
 * the configuration is the one checked. Throws DeviceConfigError when the text cannot be read.
 */
export function checkDeviceText(snapshot: NetworkSnapshot, connectionName: string, text: string): DeviceCheck {
  const config = parseDeviceConfig(text);
  return { config, result: checkIke(azureSideFromSnapshot(snapshot, connectionName), config.connections[0]!) };
}
