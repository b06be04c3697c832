// Pure pieces of sign-in and the "copy az CLI command" action: clouds, credential choice, token
// redaction, and the az commands that print the same tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AZURE_CLOUDS, resolveAzureCloud } from '../../../src/azure/azureClouds';
import { parseCredentialKind, createIdentityCredential } from '../../../src/azure/credentialFactory';
import { StaticTokenCredential } from '../../../src/azure/staticTokenCredential';
import { azCliCommand, shellQuote } from '../../../src/azure/azCliCommand';
import { isLoopbackUrl } from '../../../src/azure/loopbackBearerPolicy';
import { ArmGatewayDataSource } from '../../../src/azure/armGatewayDataSource';

const GW = '/subscriptions/1111/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworkGateways/vpn-gw';

test('sovereign clouds have their own ARM endpoint, scope and authority', () => {
  assert.equal(resolveAzureCloud(undefined).resourceManager, 'https://management.azure.com');
  assert.equal(resolveAzureCloud('AzureUSGovernment').scope, 'https://management.usgovcloudapi.net/.default');
  assert.equal(resolveAzureCloud('AzureChinaCloud').authorityHost, 'https://login.chinacloudapi.cn');
  for (const cloud of Object.values(AZURE_CLOUDS)) assert.equal(cloud.scope, `${cloud.resourceManager}/.default`);
  // VS Code's sovereign-cloud account is pointed at the cloud through its own setting's values.
  assert.deepEqual(Object.values(AZURE_CLOUDS).map((c) => c.vscodeSovereignEnvironment), [undefined, 'USGovernment', 'ChinaCloud']);
  assert.throws(() => resolveAzureCloud('AzureGermanCloud'), /gatewayLens\.azure\.cloud: unknown cloud "AzureGermanCloud"/);
});

test('credential setting: default is VS Code, unknown values are named', async () => {
  assert.equal(parseCredentialKind(undefined), 'vscode');
  assert.equal(parseCredentialKind('azureCli'), 'azureCli');
  assert.throws(() => parseCredentialKind('password'), /gatewayLens\.azure\.credential: unknown value "password"/);
  const cred = await createIdentityCredential('environment', AZURE_CLOUDS.AzureUSGovernment);
  assert.equal(typeof cred.getToken, 'function');
});

test('the lab token never shows in string conversions', async () => {
  const cred = new StaticTokenCredential('s3cret-token');
  assert.equal(String(cred).includes('s3cret'), false);
  assert.equal(JSON.stringify({ cred }).includes('s3cret'), false);
  assert.equal((await cred.getToken()).token, 's3cret-token');
});

test('plain http is accepted for loopback only', () => {
  assert.equal(isLoopbackUrl('http://127.0.0.1:1234'), true);
  assert.equal(isLoopbackUrl('http://10.0.0.1:1234'), false);
  assert.throws(
    () => new ArmGatewayDataSource({ id: 'a', label: 'a', endpoint: 'http://example.com', credential: new StaticTokenCredential('t') }),
    /must be https \(or http on 127\.0\.0\.1/,
  );
});

test('az CLI commands for each table', () => {
  assert.equal(azCliCommand('bgpPeers', GW), 'az network vnet-gateway list-bgp-peer-status --name vpn-gw --resource-group rg-net --subscription 1111 --output table');
  assert.equal(azCliCommand('learnedRoutes', GW), 'az network vnet-gateway list-learned-routes --name vpn-gw --resource-group rg-net --subscription 1111 --output table');
  assert.match(azCliCommand('advertisedRoutes', GW, '10.1.0.4'), /list-advertised-routes .* --peer 10\.1\.0\.4 --output table$/);
  assert.throws(() => azCliCommand('advertisedRoutes', GW), /peer/);
  assert.throws(() => azCliCommand('bgpPeers', 'vpn-gw'), /Not an Azure resource id: "vpn-gw"/);
  assert.equal(shellQuote("it's x"), `'it'\\''s x'`);
});

test('a changed cloud, credential or tenant under a sign-in is named; other settings are not a change', async () => {
  const { identityChange, signInIdentity } = await import('../../../src/azure/signInIdentity');
  const before = signInIdentity({ cloud: resolveAzureCloud('AzureCloud'), credential: 'vscode' });
  assert.deepEqual(before, { cloud: 'AzureCloud', credential: 'vscode', tenantId: '' });
  assert.equal(identityChange(before, signInIdentity({ cloud: resolveAzureCloud('AzureCloud'), credential: 'vscode', tenantId: '' })), undefined);
  assert.equal(identityChange(before, signInIdentity({ cloud: resolveAzureCloud('AzureUSGovernment'), credential: 'vscode' })), 'cloud AzureCloud -> AzureUSGovernment');
  assert.equal(
    identityChange(before, signInIdentity({ cloud: resolveAzureCloud('AzureCloud'), credential: 'azureCli', tenantId: 'contoso.onmicrosoft.com' })),
    'credential vscode -> azureCli, tenantId (none) -> contoso.onmicrosoft.com',
  );
});
