// Builds a NetworkSnapshot from a running lab: ARM shapes with lab resource ids, plus the
// lab-only view (instance roles, lease holder, failovers).
import type {
  ConnectionStatus,
  LocalNetworkGateway,
  TunnelConnectionHealth,
  VirtualNetwork,
  VirtualNetworkGateway,
  VirtualNetworkGatewayConnection,
} from '../model/arm';
import type { GatewaySnapshot, LabState, NetworkSnapshot } from '../model/snapshot';
import { LAB_LOCATION, networkResourceId } from '../model/resourceIds';
import type { GatewaySim } from './gatewaySim';
import { INSTANCE_NAMES } from './gatewaySim';
import { withAzureSaDefaults, type Scenario } from './scenario/types';
import { parseIpv4Prefix } from '../model/prefix';
import { secondsFromMs } from './scheduler';
import { SourceId } from '../model/sourceId';

/** Azure's default gateway ASN (DESIGN.md). */
export const DEFAULT_GATEWAY_ASN = 65515;

function ipString(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** Deterministic public IPs per gateway (documentation range 198.51.100.0/24). */
export function gatewayPublicIp(gatewayIndex: number, instanceIndex: number): string {
  return `198.51.100.${10 + gatewayIndex * 2 + instanceIndex}`;
}

function gatewaySubnetAddress(scenario: Scenario, offset: number): string | undefined {
  const subnet = scenario.topology.virtualNetwork.subnets.find((s) => s.name === 'GatewaySubnet');
  const p = subnet && parseIpv4Prefix(subnet.addressPrefix);
  return p && p.ok ? ipString(p.prefix.words[0]! + offset) : undefined;
}

/** The snapshot at virtual time `timeMs` (integer milliseconds). */
export function buildSnapshot(scenario: Scenario, gateways: GatewaySim[], timeMs: number): NetworkSnapshot {
  const takenAt = new Date(Date.parse(scenario.startTime) + timeMs).toISOString();
  const topo = scenario.topology;
  const vnetId = networkResourceId('virtualNetworks', topo.virtualNetwork.name);
  const gatewaySubnetId = `${vnetId}/subnets/GatewaySubnet`;
  const byName = new Map(gateways.map((g) => [g.name, g]));

  const gatewaySnapshots: GatewaySnapshot[] = topo.gateways.map((spec, gi) => {
    const id = networkResourceId('virtualNetworkGateways', spec.name);
    const ipConfigCount = spec.activeActive ? 2 : 1;
    const ipConfigurations = Array.from({ length: ipConfigCount }, (_, i) => {
      const name = i === 0 ? 'default' : 'activeActive';
      const cfg: VirtualNetworkGateway['ipConfigurations'][number] = {
        id: `${id}/ipConfigurations/${name}`,
        name,
        publicIPAddress: { id: networkResourceId('publicIPAddresses', `${spec.name}-pip${i}`) },
        subnet: { id: gatewaySubnetId },
      };
      // GatewaySubnet hosts the instances at .4 and .5 (the first usable addresses after Azure's reserved ones).
      const ip = gatewaySubnetAddress(scenario, 4 + gi * 2 + i);
      if (ip) cfg.privateIPAddress = ip;
      return cfg;
    });
    const asn = spec.asn ?? DEFAULT_GATEWAY_ASN;
    const peering = spec.bgpPeeringAddresses ?? INSTANCE_NAMES.map((_, i) => gatewaySubnetAddress(scenario, 4 + gi * 2 + i)).filter((a): a is string => a !== undefined);
    const gateway: VirtualNetworkGateway = {
      id,
      name: spec.name,
      location: LAB_LOCATION,
      gatewayType: spec.type,
      // Azure reports 2 scale units for VPN and ER gateway SKUs (the instance pair).
      sku: { name: spec.sku, tier: spec.sku, capacity: 2 },
      activeActive: spec.activeActive,
      enableBgp: topo.connections.some((k) => k.gateway === spec.name && k.enableBgp === true),
      bgpSettings: {
        asn,
        bgpPeeringAddress: peering.join(','),
        peerWeight: 0,
        bgpPeeringAddresses: ipConfigurations.map((c, i) => ({ ipconfigurationId: c.id, defaultBgpIpAddresses: peering[i] ? [peering[i]] : [], customBgpIpAddresses: [], tunnelIpAddresses: [gatewayPublicIp(gi, i)] })),
      },
      ipConfigurations,
      provisioningState: 'Succeeded',
    };
    if (spec.type === 'Vpn') gateway.vpnType = spec.vpnType ?? 'RouteBased';
    return { gateway };
  });

  const connections: VirtualNetworkGatewayConnection[] = topo.connections.map((k) => {
    const gi = topo.gateways.findIndex((g) => g.name === k.gateway);
    const g = byName.get(k.gateway);
    const sim = g?.connections.find((c) => c.spec.name === k.name);
    const tunnels: TunnelConnectionHealth[] = [];
    let ingress = 0;
    let egress = 0;
    if (g && sim) {
      for (const n of INSTANCE_NAMES) {
        ingress += sim.tunnels[n].ingressBytes;
        egress += sim.tunnels[n].egressBytes;
      }
      const siteIp = sim.site?.gatewayIpAddress ?? '';
      const health = (n: (typeof INSTANCE_NAMES)[number], ipIndex: number): TunnelConnectionHealth => {
        const t = sim.tunnels[n];
        return {
          tunnel: `${gatewayPublicIp(gi, ipIndex)}_${siteIp}`,
          connectionStatus: t.status,
          ingressBytesTransferred: t.ingressBytes,
          egressBytesTransferred: t.egressBytes,
          lastConnectionEstablishedUtcTime: t.lastEstablishedAt === null ? '' : new Date(Date.parse(scenario.startTime) + t.lastEstablishedAt).toISOString(),
        };
      };
      if (g.mode === 'activeActive') INSTANCE_NAMES.forEach((n, i) => tunnels.push(health(n, i)));
      else {
        // Active/passive: one public IP that moves with the active, so ARM shows one tunnel.
        const serving = g.servingInstances()[0];
        const shown = serving?.name ?? INSTANCE_NAMES.reduce((a, n) => ((sim.tunnels[n].lastEstablishedAt ?? -1) > (sim.tunnels[a].lastEstablishedAt ?? -1) ? n : a), INSTANCE_NAMES[0]!);
        const row = health(shown, 0);
        row.ingressBytesTransferred = ingress;
        row.egressBytesTransferred = egress;
        tunnels.push(row);
      }
    }
    const statuses = tunnels.map((t) => t.connectionStatus);
    const status: ConnectionStatus = !sim ? 'Unknown' : statuses.includes('Connected') ? 'Connected' : statuses.includes('Connecting') ? 'Connecting' : 'NotConnected';
    const c: VirtualNetworkGatewayConnection = {
      id: networkResourceId('connections', k.name),
      name: k.name,
      location: LAB_LOCATION,
      connectionType: k.type,
      connectionStatus: status,
      ingressBytesTransferred: ingress,
      egressBytesTransferred: egress,
      enableBgp: k.enableBgp ?? false,
      virtualNetworkGateway1: { id: networkResourceId('virtualNetworkGateways', k.gateway) },
      provisioningState: 'Succeeded',
    };
    if (sim) c.tunnelConnectionStatus = tunnels;
    if (k.site !== undefined) c.localNetworkGateway2 = { id: networkResourceId('localNetworkGateways', k.site) };
    if (k.circuit !== undefined) c.peer = { id: networkResourceId('expressRouteCircuits', k.circuit) };
    // ARM always reports a routingWeight (0 unless set).
    c.routingWeight = k.routingWeight ?? 0;
    if (k.type === 'IPsec') {
      c.ipsecPolicies = withAzureSaDefaults(k.ipsecPolicies);
      c.usePolicyBasedTrafficSelectors = k.usePolicyBasedTrafficSelectors ?? false;
      c.trafficSelectorPolicies = (k.trafficSelectorPolicies ?? []).map((t) => ({ localAddressRanges: [...t.localAddressRanges], remoteAddressRanges: [...t.remoteAddressRanges] }));
      c.connectionProtocol = k.connectionProtocol ?? 'IKEv2';
      c.connectionMode = k.connectionMode ?? 'Default';
      c.dpdTimeoutSeconds = k.dpdTimeoutSeconds ?? 45;
    }
    return c;
  });

  const localNetworkGateways: LocalNetworkGateway[] = topo.sites.map((s) => {
    const l: LocalNetworkGateway = {
      id: networkResourceId('localNetworkGateways', s.name),
      name: s.name,
      location: LAB_LOCATION,
      gatewayIpAddress: s.gatewayIpAddress,
      localNetworkAddressSpace: { addressPrefixes: [...s.addressPrefixes] },
    };
    if (s.asn !== undefined) l.bgpSettings = { asn: s.asn, bgpPeeringAddress: s.bgpPeeringAddress ?? '', peerWeight: 0 };
    return l;
  });

  const vnet = topo.virtualNetwork;
  const virtualNetworks: VirtualNetwork[] = [
    {
      id: vnetId,
      name: vnet.name,
      location: LAB_LOCATION,
      addressSpace: { addressPrefixes: [...vnet.addressSpace] },
      subnets: vnet.subnets.map((s) => {
        const sub: VirtualNetwork['subnets'][number] = { id: `${vnetId}/subnets/${s.name}`, name: s.name, addressPrefix: s.addressPrefix };
        if (s.routes) sub.routes = s.routes.map((r) => ({ ...r }));
        return sub;
      }),
    },
  ];

  const lab: LabState = {
    scenario: scenario.name,
    timeSeconds: secondsFromMs(timeMs),
    gateways: gateways.map((g) => ({
      gatewayId: networkResourceId('virtualNetworkGateways', g.name),
      mode: g.mode,
      instances: INSTANCE_NAMES.map((n) => {
        const i = g.instances[n];
        return { name: n, role: i.role, health: i.health, serving: i.serving, holdsLease: i.holdsLease };
      }),
      leaseHolder: g.leaseHolder(),
    })),
    failovers: gateways.flatMap((g) => g.failovers.map((f) => ({ ...f }))),
  };
  // Diagnostics must not call a Connected session over the limit "dropped" when the scenario lifted the limits.
  if (scenario.bgp?.prefixLimits === false) lab.prefixLimitsLifted = true;

  return { source: SourceId.lab, takenAt, gateways: gatewaySnapshots, connections, localNetworkGateways, virtualNetworks, lab };
}
