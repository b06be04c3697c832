// Derives the Lab panel's topology (sites, circuits, gateways with instances, VNets and the
// links between them, each up or visibly broken) from a NetworkSnapshot. Pure, no vscode.
import type { NetworkSnapshot, LabGatewayState } from '../../model/snapshot';
import type { VirtualNetworkGateway } from '../../model/arm';
import { parseResourceId } from '../../model/resourceIds';
import { gatewayMode } from '../../model/gatewayMode';
import type { Health, Topology, TopologyLink, TopologyNode } from '../protocol/labProtocol';

const lower = (s: string): string => s.toLowerCase();

function nameOf(id: string): string {
  return parseResourceId(id)?.name ?? id.split('/').pop() ?? id;
}

function vnetIdOf(gateway: VirtualNetworkGateway): string | undefined {
  const subnet = gateway.ipConfigurations[0]?.subnet.id;
  const m = subnet ? /^(.*\/virtualNetworks\/[^/]+)\/subnets\/[^/]+$/i.exec(subnet) : null;
  return m?.[1];
}

/** Every BGP address a gateway answers on (bgpPeeringAddress may hold several, comma-separated). */
function bgpAddresses(gateway: VirtualNetworkGateway): Set<string> {
  const s = new Set<string>();
  for (const a of (gateway.bgpSettings?.bgpPeeringAddress ?? '').split(',')) if (a.trim()) s.add(a.trim());
  for (const p of gateway.bgpSettings?.bgpPeeringAddresses ?? []) {
    for (const a of [...p.defaultBgpIpAddresses, ...p.customBgpIpAddresses]) s.add(a);
  }
  return s;
}

function gatewayHealth(state: LabGatewayState | undefined, provisioning: string): { health: Health; text: string } {
  if (!state) return provisioning === 'Succeeded' ? { health: 'ok', text: 'provisioned' } : { health: 'degraded', text: provisioning };
  const serving = state.instances.filter((i) => i.serving).length;
  const unhealthy = state.instances.filter((i) => i.health !== 'healthy');
  if (serving === 0) return { health: 'down', text: 'no instance serving' };
  if (unhealthy.length > 0) return { health: 'degraded', text: `${unhealthy.map((i) => `${i.name} ${i.health}`).join(', ')}` };
  return { health: 'ok', text: state.mode === 'activeActive' ? 'active/active, healthy' : 'healthy' };
}

export function buildTopology(snapshot: NetworkSnapshot): Topology {
  const nodes: TopologyNode[] = [];
  const links: TopologyLink[] = [];
  const labStates = new Map((snapshot.lab?.gateways ?? []).map((g) => [lower(g.gatewayId), g]));

  for (const v of snapshot.virtualNetworks) {
    nodes.push({ id: v.id, kind: 'vnet', label: v.name, detail: v.addressSpace.addressPrefixes.join(', '), health: 'ok', healthText: 'virtual network' });
  }
  for (const site of snapshot.localNetworkGateways) {
    nodes.push({
      id: site.id,
      kind: 'site',
      label: site.name,
      detail: `${site.gatewayIpAddress} · ${site.localNetworkAddressSpace.addressPrefixes.join(', ')}`,
      health: 'ok',
      healthText: 'on-premises site',
    });
  }

  for (const g of snapshot.gateways) {
    const gw = g.gateway;
    const state = labStates.get(lower(gw.id));
    const h = gatewayHealth(state, gw.provisioningState);
    const mode = gatewayMode(gw).label;
    nodes.push({
      id: gw.id,
      kind: 'gateway',
      label: gw.name,
      detail: `${gw.gatewayType === 'Vpn' ? 'VPN' : 'ExpressRoute'} · ${gw.sku.name} · ${mode}`,
      health: h.health,
      healthText: h.text,
    });
    for (const inst of state?.instances ?? []) {
      const health: Health =
        inst.health !== 'healthy' || inst.role === 'down' ? 'down' : inst.role === 'starting' ? 'degraded' : 'ok';
      const words = [inst.role, inst.holdsLease ? 'lease holder' : '', inst.serving ? 'serving' : '', inst.health !== 'healthy' ? inst.health : '']
        .filter(Boolean)
        .join(' · ');
      nodes.push({ id: `${gw.id}#${inst.name}`, kind: 'instance', label: inst.name, detail: words, health, healthText: words, parent: gw.id });
    }
    const vnet = vnetIdOf(gw);
    const vnetNode = vnet ? nodes.find((n) => n.kind === 'vnet' && lower(n.id) === lower(vnet)) : undefined;
    if (vnetNode) {
      links.push({ id: `${gw.id}->vnet`, kind: 'attachment', from: gw.id, to: vnetNode.id, label: 'GatewaySubnet', up: true, stateText: 'attached' });
    }
  }

  const gateways = snapshot.gateways.map((g) => ({ g, addresses: bgpAddresses(g.gateway) }));
  const circuits = new Map<string, TopologyNode>();
  for (const c of snapshot.connections) {
    const gwId = c.virtualNetworkGateway1.id;
    if (!nodes.some((n) => lower(n.id) === lower(gwId))) continue;
    let up = c.connectionStatus === 'Connected';
    let stateText: string = c.connectionStatus;
    if (c.connectionType === 'ExpressRoute' && c.connectionStatus === 'Unknown') {
      // ARM reports no status for ExpressRoute connections: "Unknown" is not a fault. The
      // gateway's BGP sessions to the circuit (neighbors that are not other gateways) tell.
      const own = gateways.find((x) => lower(x.g.gateway.id) === lower(gwId));
      const circuitPeers = (own?.g.bgpPeers ?? []).filter((p) => !gateways.some((o) => o !== own && o.addresses.has(p.neighbor)));
      const down = circuitPeers.find((p) => p.state !== 'Connected');
      up = circuitPeers.length === 0 || circuitPeers.some((p) => p.state === 'Connected');
      stateText = circuitPeers.length === 0 ? 'status not reported' : up ? 'BGP Connected' : `BGP ${down?.state ?? 'down'}`;
    }
    if (c.connectionType === 'ExpressRoute' && c.peer) {
      if (!circuits.has(lower(c.peer.id))) {
        const node: TopologyNode = { id: c.peer.id, kind: 'circuit', label: nameOf(c.peer.id), detail: 'ExpressRoute circuit', health: 'ok', healthText: 'circuit' };
        circuits.set(lower(c.peer.id), node);
        nodes.push(node);
      }
      links.push({ id: c.id, kind: 'expressRoute', from: c.peer.id, to: gwId, label: c.name, up, stateText });
    } else if (c.localNetworkGateway2) {
      const tunnels = c.tunnelConnectionStatus ?? [];
      const upTunnels = tunnels.filter((t) => t.connectionStatus === 'Connected').length;
      const tunnelText = tunnels.length ? ` · ${upTunnels}/${tunnels.length} tunnels up` : '';
      links.push({ id: c.id, kind: 'tunnel', from: c.localNetworkGateway2.id, to: gwId, label: c.name, up, stateText: `${c.connectionStatus}${tunnelText}` });
    }
  }

  // BGP between gateways (ER <-> VPN coexistence): a peer whose neighbor is another gateway's address.
  const pairs = new Map<string, TopologyLink>();
  for (const a of gateways) {
    for (const peer of a.g.bgpPeers ?? []) {
      const b = gateways.find((o) => o !== a && o.addresses.has(peer.neighbor));
      if (!b) continue;
      const [x, y] = [a.g.gateway.id, b.g.gateway.id].sort();
      const id = `bgp:${x}<->${y}`;
      const up = peer.state === 'Connected';
      const existing = pairs.get(id);
      if (existing) {
        if (!up) {
          existing.up = false;
          existing.stateText = `BGP ${peer.state}`;
        }
        continue;
      }
      const link: TopologyLink = { id, kind: 'bgp', from: x!, to: y!, label: 'BGP', up, stateText: `BGP ${peer.state}` };
      pairs.set(id, link);
      links.push(link);
    }
  }
  return { nodes, links };
}
