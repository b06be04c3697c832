// `gateway-lab snapshot <scenario> [--at <t>]`: runs a scenario in virtual time and prints the
// lab's snapshot exactly as Save Snapshot writes it (the same engine snapshot, the same
// serializer), so `gateway-lab diagnose --snapshot` of that file finds what `diagnose
// <scenario> --at <t>` finds. `--azure` and `--endpoint` read Azure or any ARM-compatible endpoint
// through the extension's own client instead (src/cli/azureSnapshot.ts).
import { parseArgs } from 'node:util';
import { EXIT_OK, UsageError, type CliCommand, type CliIo } from '../command';
import { serializeSnapshot } from '../../diagnostics/snapshotFormat';
import { loadScenario } from '../../engine/scenario/loadScenario';
import { parseAtOption, resolveScenarioPath, scenarioSnapshotAt } from './diagnose';
import { azureCredential, readAzureSnapshot, tokenCredential } from '../azureSnapshot';
import type { AzureCloudName } from '../../azure/azureClouds';

const USAGE = `Usage: gateway-lab snapshot <scenario> [--at <time>]
       gateway-lab snapshot --azure --subscription <id> [--resource-group <rg>] [--gateway <name>] [--cloud <name>]
       gateway-lab snapshot --endpoint <url> --token <token> [--subscription <id>] [--resource-group <rg>] [--gateway <name>]

Runs a scenario (a bundled scenario name or a *.gwlab.json path) in virtual time and prints its
NetworkSnapshot JSON, the file Save Snapshot writes for the lab (schemas/snapshot.schema.json).
  --at <time>       virtual time ("2m10s", "130"); default: the scenario's end
Or reads Azure (or any ARM-compatible endpoint) through the extension's client:
  --azure           the credential is the Azure CLI login (az login), then @azure/identity's
                    DefaultAzureCredential chain
  --cloud <name>    AzureCloud (default), AzureUSGovernment or AzureChinaCloud
  --endpoint <url>  any ARM-compatible endpoint (e.g. the lab's: gateway-lab serve prints it)
  --token <token>   bearer token for --endpoint
  --subscription    the subscription to read (repeatable; --endpoint: all it lists when omitted)
  --resource-group  only this resource group (what its connections reference is read by id)
  --gateway <name>  only this gateway, the other gateways of its VNet and what they connect to
An Azure read covers gateways, connections, BGP peers, learned and advertised routes, VNets and
subnets, route tables, NICs with their effective routes, local network gateways and ExpressRoute
circuits with per-path route tables; a part that is denied (403) stays empty and is listed in
"readProblems" (also on stderr).
Exit codes: 0 printed, 1 read failed, 2 invalid input.`;

const CLOUDS: readonly AzureCloudName[] = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'];

interface RemoteValues {
  azure?: boolean;
  cloud?: string;
  endpoint?: string;
  token?: string;
  subscription?: string[];
  'resource-group'?: string;
  gateway?: string;
}

async function remoteSnapshot(values: RemoteValues, io: CliIo): Promise<number> {
  if (values.azure === true && values.endpoint !== undefined) throw new UsageError('give --azure or --endpoint, not both');
  let endpoint: string;
  let credential;
  let scopes: string[] | undefined;
  if (values.azure === true) {
    if (!values.subscription || values.subscription.length === 0) throw new UsageError('--azure needs --subscription <id>');
    if (values.token !== undefined) throw new UsageError('--token applies to --endpoint (--azure uses the Azure CLI login or DefaultAzureCredential)');
    const cloud = (values.cloud ?? 'AzureCloud') as AzureCloudName;
    if (!CLOUDS.includes(cloud)) throw new UsageError(`--cloud: "${values.cloud}" is not one of ${CLOUDS.join(', ')}`);
    ({ credential, endpoint, scopes } = await azureCredential(cloud));
  } else {
    if (values.token === undefined) throw new UsageError('--endpoint needs --token <token>');
    if (values.cloud !== undefined) throw new UsageError('--cloud applies to --azure');
    try {
      endpoint = new URL(values.endpoint!).toString().replace(/\/+$/, '');
    } catch {
      throw new UsageError(`--endpoint: "${values.endpoint}" is not a URL`);
    }
    credential = tokenCredential(values.token);
  }
  const { snapshot, problems } = await readAzureSnapshot({
    endpoint,
    credential,
    ...(scopes ? { scopes } : {}),
    ...(values.subscription ? { subscriptions: values.subscription } : {}),
    ...(values['resource-group'] !== undefined ? { resourceGroup: values['resource-group'] } : {}),
    ...(values.gateway !== undefined ? { gateway: values.gateway } : {}),
  });
  for (const p of problems) io.err(`not read: ${p.field} of ${p.resource}: ${p.message}`);
  io.out(serializeSnapshot(snapshot));
  return EXIT_OK;
}

export async function snapshotCommandRun(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        at: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        azure: { type: 'boolean' },
        cloud: { type: 'string' },
        endpoint: { type: 'string' },
        token: { type: 'string' },
        subscription: { type: 'string', multiple: true },
        'resource-group': { type: 'string' },
        gateway: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return EXIT_OK;
  }
  if (values.azure === true || values.endpoint !== undefined) {
    if (positionals.length > 0) throw new UsageError('a scenario and --azure/--endpoint exclude each other');
    if (values.at !== undefined) throw new UsageError('--at applies to a scenario');
    return remoteSnapshot(values, io);
  }
  for (const o of ['cloud', 'token', 'subscription', 'resource-group', 'gateway'] as const) if (values[o] !== undefined) throw new UsageError(`--${o} applies to --azure or --endpoint`);
  if (positionals.length === 0) throw new UsageError('missing <scenario>');
  if (positionals.length > 1) throw new UsageError(`expected one scenario, got ${positionals.length} (one scenario at a time)`);
  const at = values.at === undefined ? undefined : parseAtOption(values.at);
  const scenario = await loadScenario(resolveScenarioPath(positionals[0]!));
  if (at !== undefined && at > scenario.durationSeconds) {
    throw new UsageError(`--at ${at} s is after the end of scenario "${scenario.name}" (${scenario.durationSeconds} s)`);
  }
  io.out(serializeSnapshot(scenarioSnapshotAt(scenario, at)));
  return EXIT_OK;
}

export const snapshotCommand: CliCommand = {
  name: 'snapshot',
  summary: 'print a snapshot (the JSON Save Snapshot writes) of a scenario at a moment, of Azure (--azure), or of any ARM endpoint (--endpoint)',
  usage: USAGE,
  run: snapshotCommandRun,
};
