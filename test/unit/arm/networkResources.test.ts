// What a route path crosses, served by the lab's ARM endpoint from a running lab and read with
// @azure/arm-network's NetworkManagementClient unchanged: VNets and subnets, route tables, NICs
// and their effective routes (LRO), VMs, local network gateways, connections with their IPsec
// fields, ExpressRoute circuits, peerings and per-path tables (LROs), Network Watcher's next hop,
// plus the gaps to real ARM (etag, resourceGuid, sku.capacity, peerWeight, embedded connection
// ends, Azure-AsyncOperation on the BGP LROs, WWW-Authenticate, tenantId). Paging forced by one
// item per page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { NetworkManagementClient } from '@azure/arm-network';
import { RestError } from '@azure/core-rest-pipeline';
import { startArmEndpoint, type ArmEndpoint } from '../../../src/engine/arm/armEndpoint';
import { all, sdkClientFor } from './sdkClient';
import type { Lab } from '../../../src/engine/lab';
import { createLab } from '../../../src/engine/createLab';
import { parseScenario } from '../../../src/engine/scenario/validateScenario';
import { LAB_SUBSCRIPTION_ID } from '../../../src/model/resourceIds';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const RG = 'gateway-lab';
const API = 'api-version=2024-05-01';

/** coex-healthy plus: a UDR on the workload subnet, a custom IPsec policy, and a circuit whose
 *  secondary path does not carry 172.21.0.0/16 (asymmetric advertisement). */
function scenarioText(): string {
  const raw = JSON.parse(readFileSync(join(__dirname, '../../../scenarios/coex-healthy.gwlab.json'), 'utf8')) as {
    topology: { virtualNetwork: { subnets: { name: string; routes?: unknown[] }[] }; circuits: Record<string, unknown>[]; connections: Record<string, unknown>[] };
  };
  raw.topology.virtualNetwork.subnets[1]!.routes = [{ name: 'to-nva', addressPrefix: '192.168.99.0/24', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.10.1.250' }];
  raw.topology.circuits[0] = { ...raw.topology.circuits[0], prefixes: ['172.20.0.0/16', '172.21.0.0/16'], paths: { secondary: { withheldPrefixes: ['172.21.0.0/16'] } } };
  raw.topology.connections[0] = { ...raw.topology.connections[0], ipsecPolicies: [{ ipsecEncryption: 'GCMAES256', ipsecIntegrity: 'GCMAES256', ikeEncryption: 'AES256', ikeIntegrity: 'SHA384', dhGroup: 'DHGroup24', pfsGroup: 'PFS24' }], dpdTimeoutSeconds: 30 };
  return JSON.stringify(raw);
}

let lab: Lab;
let ep: ArmEndpoint;
let client: NetworkManagementClient;

before(async () => {
  lab = createLab(parseScenario(scenarioText(), 'net.gwlab.json'), { recordEvents: false });
  lab.runUntil(90);
  ep = await startArmEndpoint({ snapshot: () => lab.snapshot(), pageSize: 1, lro: { pollsBeforeDone: 1, retryAfterSeconds: 0 } });
  client = sdkClientFor(ep, LAB_SUBSCRIPTION_ID);
});
after(async () => {
  await ep.close();
  await lab.dispose();
});

test('virtual networks: address space, subnets with their route table and NIC ip configurations, etag and resourceGuid', async () => {
  const vnets = await all(client.virtualNetworks.list(RG));
  assert.equal(vnets.length, 1);
  const v = vnets[0]!;
  assert.deepEqual(v.addressSpace?.addressPrefixes, ['10.10.0.0/16']);
  assert.match(v.etag ?? '', /^W\/"[0-9a-f-]{36}"$/);
  assert.match(v.resourceGuid ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const gwSubnet = v.subnets?.find((s) => s.name === 'GatewaySubnet');
  assert.equal(gwSubnet?.addressPrefix, '10.10.255.0/27');
  const workload = await client.subnets.get(RG, 'hub-vnet', 'workload');
  assert.match(workload.routeTable?.id ?? '', /routeTables\/workload-rt$/);
  assert.match(workload.ipConfigurations?.[0]?.id ?? '', /networkInterfaces\/vm-10-10-1-4-nic\/ipConfigurations\/ipconfig1$/);
  assert.deepEqual(v.virtualNetworkPeerings, []);
});

test('route tables list their routes and the subnets they are associated with', async () => {
  const tables = await all(client.routeTables.list(RG));
  assert.deepEqual(tables.map((t) => t.name), ['workload-rt']);
  const t = await client.routeTables.get(RG, 'workload-rt');
  assert.deepEqual(t.routes?.map((r) => [r.name, r.addressPrefix, r.nextHopType, r.nextHopIpAddress]), [['to-nva', '192.168.99.0/24', 'VirtualAppliance', '10.10.1.250']]);
  assert.match(t.subnets?.[0]?.id ?? '', /subnets\/workload$/);
});

test('NICs: the VM\'s primary NIC, and its effective route table through the LRO', async () => {
  const nics = await all(client.networkInterfaces.list(RG));
  assert.deepEqual(nics.map((n) => n.name), ['vm-10-10-1-4-nic']);
  const nic = nics[0]!;
  assert.equal(nic.primary, true);
  assert.equal(nic.ipConfigurations?.[0]?.privateIPAddress, '10.10.1.4');
  assert.match(nic.virtualMachine?.id ?? '', /Microsoft\.Compute\/virtualMachines\/vm-10-10-1-4$/);
  ep.resetStats();
  const eff = await client.networkInterfaces.beginGetEffectiveRouteTableAndWait(RG, 'vm-10-10-1-4-nic', { updateIntervalInMs: 1 });
  const active = (eff.value ?? []).filter((r) => r.state === 'Active');
  const row = (prefix: string) => active.find((r) => r.addressPrefix?.includes(prefix));
  assert.equal(row('192.168.10.0/24')?.nextHopType, 'VirtualNetworkGateway');
  assert.equal(row('172.20.0.0/16')?.nextHopType, 'VirtualNetworkGateway');
  assert.equal(row('192.168.99.0/24')?.source, 'User');
  assert.equal(row('10.10.0.0/16')?.nextHopType, 'VnetLocal');
  assert.equal(ep.stats().byRoute.getEffectiveRouteTable, 1);
  assert.equal(ep.stats().byRoute.lroPoll, 2, '202 then 200');
  await assert.rejects(client.networkInterfaces.beginGetEffectiveRouteTableAndWait(RG, 'nope', { updateIntervalInMs: 1 }), (e: unknown) => e instanceof RestError && e.statusCode === 404);
});

test('the VM (Microsoft.Compute) names its primary NIC', async () => {
  const res = await fetch(`${ep.baseUrl}/subscriptions/${LAB_SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/vm-10-10-1-4?api-version=2024-07-01`, { headers: { authorization: `Bearer ${ep.token}` } });
  assert.equal(res.status, 200);
  const vm = (await res.json()) as { properties: { networkProfile: { networkInterfaces: { id: string; properties: { primary: boolean } }[] } } };
  assert.deepEqual(vm.properties.networkProfile.networkInterfaces.map((n) => [n.id.split('/').pop(), n.properties.primary]), [['vm-10-10-1-4-nic', true]]);
});

test('local network gateways and connections: BGP settings, IPsec policy, DPD, protocol, embedded ends, never the shared key', async () => {
  const lng = await client.localNetworkGateways.get(RG, 'branch-paris');
  assert.equal(lng.gatewayIpAddress, '203.0.113.10');
  assert.deepEqual(lng.bgpSettings, { asn: 65010, bgpPeeringAddress: '192.168.255.1', peerWeight: 0 });
  const c = await client.virtualNetworkGatewayConnections.get(RG, 'vpn-gw-to-paris');
  assert.equal(c.ipsecPolicies?.[0]?.ikeEncryption, 'AES256');
  assert.equal(c.ipsecPolicies?.[0]?.saLifeTimeSeconds, 27000);
  assert.equal(c.dpdTimeoutSeconds, 30);
  assert.equal(c.connectionProtocol, 'IKEv2');
  assert.equal(c.usePolicyBasedTrafficSelectors, false);
  assert.equal(c.routingWeight, 0);
  assert.equal(c.sharedKey, undefined);
  assert.equal(c.virtualNetworkGateway1.sku?.capacity, 2, 'virtualNetworkGateway1 carries its properties');
  assert.equal(c.localNetworkGateway2?.gatewayIpAddress, '203.0.113.10');
  const gw = await client.virtualNetworkGateways.get(RG, 'vpn-gw');
  assert.equal(gw.sku?.capacity, 2);
  assert.equal(gw.bgpSettings?.peerWeight, 0);
  assert.match(gw.etag ?? '', /^W\//);
  assert.match(gw.ipConfigurations?.[0]?.etag ?? '', /^W\//);
  assert.match(gw.resourceGuid ?? '', /-4/);
});

test('ExpressRoute circuit, its private peering and per-path tables; the secondary path lacks the withheld prefix', async () => {
  const circuits = await all(client.expressRouteCircuits.list(RG));
  assert.deepEqual(circuits.map((c) => [c.name, c.serviceProviderProvisioningState, c.sku?.tier]), [['er-circuit', 'Provisioned', 'Standard']]);
  const peerings = await all(client.expressRouteCircuitPeerings.list(RG, 'er-circuit'));
  assert.deepEqual(peerings.map((p) => [p.name, p.peerASN, p.azureASN, p.primaryPeerAddressPrefix, p.secondaryPeerAddressPrefix]), [['AzurePrivatePeering', 65020, 12076, '172.31.0.0/30', '172.31.0.4/30']]);
  const table = async (path: string) => (await client.expressRouteCircuits.beginListRoutesTableAndWait(RG, 'er-circuit', 'AzurePrivatePeering', path, { updateIntervalInMs: 1 })).value ?? [];
  const primary = await table('primary');
  const secondary = await table('secondary');
  const nets = (rows: { network?: string; path?: string }[]) => rows.filter((r) => r.path === '65020').map((r) => r.network).sort();
  assert.deepEqual(nets(primary), ['172.20.0.0/16', '172.21.0.0/16']);
  assert.deepEqual(nets(secondary), ['172.20.0.0/16']);
  assert.ok(primary.some((r) => r.network === '10.10.0.0/16' && r.path === '65515'), 'the VNet, learned from the ER gateway');
  const summary = (await client.expressRouteCircuits.beginListRoutesTableSummaryAndWait(RG, 'er-circuit', 'AzurePrivatePeering', 'secondary', { updateIntervalInMs: 1 })).value ?? [];
  assert.deepEqual(summary.map((s) => [s.neighbor, s.as, s.statePfxRcd]), [['172.31.0.5', 65020, '1']]);
  assert.match(summary[0]!.upDown ?? '', /^\d\d:\d\d:\d\d$/);
  const arp = (await client.expressRouteCircuits.beginListArpTableAndWait(RG, 'er-circuit', 'AzurePrivatePeering', 'primary', { updateIntervalInMs: 1 })).value ?? [];
  assert.deepEqual(arp.map((a) => [a.interface, a.ipAddress]), [['On-Prem', '172.31.0.1'], ['Microsoft', '172.31.0.2']]);
  await assert.rejects(client.expressRouteCircuits.beginListRoutesTableAndWait(RG, 'er-circuit', 'AzurePrivatePeering', 'tertiary', { updateIntervalInMs: 1 }), (e: unknown) => e instanceof RestError && e.statusCode === 400);
});

test('Network Watcher next hop from the VM: gateway, user route, VNet', async () => {
  const watchers = await all(client.networkWatchers.list('NetworkWatcherRG'));
  assert.deepEqual(watchers.map((w) => w.name), ['NetworkWatcher_westeurope']);
  const vmId = `/subscriptions/${LAB_SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/vm-10-10-1-4`;
  const hop = (destinationIPAddress: string) => client.networkWatchers.beginGetNextHopAndWait('NetworkWatcherRG', 'NetworkWatcher_westeurope', { targetResourceId: vmId, sourceIPAddress: '10.10.1.4', destinationIPAddress }, { updateIntervalInMs: 1 });
  const toBranch = await hop('192.168.10.20');
  assert.deepEqual([toBranch.nextHopType, toBranch.nextHopIpAddress, toBranch.routeTableId], ['VirtualNetworkGateway', '10.10.255.4', 'System Route']);
  const toNva = await hop('192.168.99.1');
  assert.equal(toNva.nextHopType, 'VirtualAppliance');
  assert.match(toNva.routeTableId ?? '', /routeTables\/workload-rt$/);
  assert.equal((await hop('10.10.1.9')).nextHopType, 'VnetLocal');
  await assert.rejects(hop('not-an-ip'), (e: unknown) => e instanceof RestError && e.statusCode === 400);
});

test('BGP LROs answer with Azure-AsyncOperation alongside Location; 401 carries a WWW-Authenticate challenge; GET subscription has tenantId', async () => {
  const base = `${ep.baseUrl}/subscriptions/${LAB_SUBSCRIPTION_ID}`;
  const auth = { authorization: `Bearer ${ep.token}` };
  const post = await fetch(`${base}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworkGateways/er-gw/getLearnedRoutes?${API}`, { method: 'POST', headers: auth });
  assert.equal(post.status, 202);
  const asyncUrl = post.headers.get('azure-asyncoperation');
  const location = post.headers.get('location');
  assert.ok(asyncUrl && location && asyncUrl !== location);
  assert.deepEqual(await (await fetch(asyncUrl, { headers: auth })).json(), { status: 'InProgress' });
  assert.deepEqual(await (await fetch(asyncUrl, { headers: auth })).json(), { status: 'Succeeded' });
  const result = (await (await fetch(location, { headers: auth })).json()) as { value: unknown[] };
  assert.ok(result.value.length > 0);
  const denied = await fetch(`${base}?${API}`);
  assert.equal(denied.status, 401);
  assert.match(denied.headers.get('www-authenticate') ?? '', /^Bearer authorization_uri="https:\/\/login\.microsoftonline\.com\/[0-9a-f-]+"/);
  const sub = (await (await fetch(`${base}?${API}`, { headers: auth })).json()) as { tenantId?: string };
  assert.match(sub.tenantId ?? '', /^[0-9a-f-]{36}$/);
  const groups: string[] = [];
  for (let next: string | undefined = `${base}/resourcegroups?${API}`; next; ) {
    const page = (await (await fetch(next, { headers: auth })).json()) as { value: { name: string }[]; nextLink?: string };
    groups.push(...page.value.map((g) => g.name));
    next = page.nextLink;
  }
  assert.deepEqual(groups, ['NetworkWatcherRG', 'gateway-lab'], 'the region\'s Network Watcher group, as Azure creates it with the first VNet');
});
