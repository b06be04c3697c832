// Opt-in live test against real Azure: set GATEWAY_LENS_LIVE_SUBSCRIPTION (and be signed in with
// `az login` or AZURE_* environment variables; GATEWAY_LENS_LIVE_CLOUD picks a sovereign cloud).
// Lists the subscription's gateways and fetches a BGP table through the same client as the lab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArmGatewayDataSource } from '../../../src/azure/armGatewayDataSource';
import { createIdentityCredential } from '../../../src/azure/credentialFactory';
import { resolveAzureCloud } from '../../../src/azure/azureClouds';

const subscription = process.env.GATEWAY_LENS_LIVE_SUBSCRIPTION;
const skip = subscription ? false : 'GATEWAY_LENS_LIVE_SUBSCRIPTION is not set (opt-in live Azure test)';

test('live Azure: list gateways and fetch a BGP table', { skip, timeout: 300_000 }, async () => {
  const cloud = resolveAzureCloud(process.env.GATEWAY_LENS_LIVE_CLOUD);
  const source = new ArmGatewayDataSource({
    id: 'azure',
    label: 'Azure',
    endpoint: cloud.resourceManager,
    scopes: [cloud.scope],
    credential: await createIdentityCredential('default', cloud),
    subscriptions: [subscription!],
    timeoutMs: 240_000,
  });
  const inv = await source.inventory();
  console.log(`live: ${inv.gateways.length} gateways, ${inv.connections.length} connections via ${inv.via}${inv.fallbackReason ? ` (${inv.fallbackReason})` : ''}`);
  assert.ok(inv.gateways.every((g) => g.id.toLowerCase().startsWith(`/subscriptions/${subscription!.toLowerCase()}/`)));
  const bgp = inv.gateways.find((g) => g.enableBgp || g.gatewayType === 'ExpressRoute');
  if (!bgp) {
    console.log('live: no BGP-enabled gateway in this subscription; BGP table not fetched');
    return;
  }
  const peers = await source.getBgpPeerStatus(bgp.id);
  const learned = await source.getLearnedRoutes(bgp.id);
  console.log(`live: ${bgp.name}: ${peers.length} BGP peers, ${learned.length} learned routes`);
  assert.ok(peers.every((p) => typeof p.neighbor === 'string' && p.neighbor !== ''));
});
