// Derives the Lab panel's topology (sites, circuits, gateways with instances, VNets and the
// links between them, each up or visibly broken) from a NetworkSnapshot. Pure, no vscode.
import type { NetworkSnapshot, LabGatewayState } from '../../model/snapshot';
import { gatewayBgpAddresses, idKey, resourceName, sameId, vnetIdOfGateway } from '../../model/armShapes';
import { gatewayMode } from '../../model/gatewayMode';
import type { Health, Topology, TopologyLink, TopologyNode } from '../protocol/labProtocol';

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
  const labStates = new Map((snapshot.lab?.gateways ?? []).map((g) => [idKey(g.gatewayId), g]));

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
    const state = labStates.get(idKey(gw.id));
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
    const vnet = vnetIdOfGateway(gw);
    const vnetNode = vnet ? nodes.find((n) => n.kind === 'vnet' && sameId(n.id, vnet)) : undefined;
    if (vnetNode) {
      links.push({ id: `${gw.id}->vnet`, kind: 'attachment', from: gw.id, to: vnetNode.id, label: 'GatewaySubnet', up: true, stateText: 'attached' });
    }
  }

  const gateways = snapshot.gateways.map((g) => ({ g, addresses: new Set(gatewayBgpAddresses(g.gateway)) }));
  const circuits = new Map<string, TopologyNode>();
  for (const c of snapshot.connections) {
    const gwId = c.virtualNetworkGateway1.id;
    if (!nodes.some((n) => sameId(n.id, gwId))) continue;
    let up = c.connectionStatus === 'Connected';
    let stateText: string = c.connectionStatus;
    if (c.connectionType === 'ExpressRoute' && c.connectionStatus === 'Unknown') {
      // ARM reports no status for ExpressRoute connections: "Unknown" is not a fault. The
      // gateway's BGP sessions to the circuit (neighbors that are not other gateways) tell.
      const own = gateways.find((x) => sameId(x.g.gateway.id, gwId));
      const circuitPeers = (own?.g.bgpPeers ?? []).filter((p) => !gateways.some((o) => o !== own && o.addresses.has(p.neighbor)));
      const down = circuitPeers.find((p) => p.state !== 'Connected');
      up = circuitPeers.length === 0 || circuitPeers.some((p) => p.state === 'Connected');
      stateText = circuitPeers.length === 0 ? 'status not reported' : up ? 'BGP Connected' : `BGP ${down?.state ?? 'down'}`;
    }
    if (c.connectionType === 'ExpressRoute' && c.peer) {
      if (!circuits.has(idKey(c.peer.id))) {
        const node: TopologyNode = { id: c.peer.id, kind: 'circuit', label: resourceName(c.peer.id), detail: 'ExpressRoute circuit', health: 'ok', healthText: 'circuit' };
        circuits.set(idKey(c.peer.id), node);
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
