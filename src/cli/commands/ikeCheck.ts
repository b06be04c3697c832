// `gateway-lab ike-check`: Azure's side of one connection (from a lab scenario or a saved
// snapshot) against a pasted on-premises device configuration.
//
// Exit codes: 0 both directions establish, 1 they do not, 2 invalid input.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliCommand, type CliIo } from '../command';
import { readCliArgs } from '../cliArgs';
import { readSnapshotFile } from '../../diagnostics/snapshotFile';
import { loadScenario } from '../../engine/scenario/loadScenario';
import { resolveScenarioPath, scenarioSnapshotAt } from './diagnose';
import type { NetworkSnapshot } from '../../model/snapshot';
import { azureSideFromSnapshot } from '../../engine/ike/connectionIke';
import { parseDeviceConfig } from '../../engine/ike/parseDevice';
import { checkIke, type IkeCheckResult } from '../../engine/ike/ikeCheck';
import { DeviceConfigError, type DeviceConfig, type Dialect } from '../../engine/ike/devicePolicy';
import { ikeCheckReport } from '../../engine/ike/ikeReport';

export const IKE_CHECK_USAGE = `Usage: gateway-lab ike-check --connection <scenario|snapshot.json>:<connection> --device <file> [--dialect D] [--peer NAME] [--json]

  --connection  a bundled scenario name, a *.gwlab.json or a saved snapshot file, then ":" and the connection name
  --device      the on-premises configuration: strongSwan swanctl.conf or ipsec.conf, Cisco IOS/IOS-XE,
                Cisco ASA, or Juniper SRX "set security ike/ipsec" commands (the dialect is detected)
  --dialect     force the dialect: swanctl, ipsec.conf, cisco-ios, cisco-asa, junos
  --peer        which connection of the device file to check (default: the first)
  --json        print {established, directions, timeline, findings, ...} as JSON

Exit codes: 0 both directions establish, 1 they do not, 2 invalid input.`;

const DIALECTS: Dialect[] = ['swanctl', 'ipsec.conf', 'cisco-ios', 'cisco-asa', 'junos'];

export interface IkeCheckArgs {
  source: string;
  connection: string;
  device: string;
  dialect?: Dialect;
  peer?: string;
  json: boolean;
}

export function parseIkeCheckArgs(args: readonly string[]): IkeCheckArgs {
  const { flags, values, positionals } = readCliArgs(args, { flags: ['--json'], options: ['--connection', '--device', '--peer', '--dialect'] });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const conn = values.get('--connection');
  const device = values.get('--device');
  const peer = values.get('--peer');
  const json = flags.has('--json');
  const d = values.get('--dialect');
  if (d !== undefined && !DIALECTS.includes(d as Dialect)) throw new UsageError(`--dialect ${d}: expected one of ${DIALECTS.join(', ')}`);
  const dialect = d as Dialect | undefined;
  if (!conn) throw new UsageError('missing --connection <scenario|snapshot>:<connection>');
  if (!device) throw new UsageError('missing --device <file>');
  const colon = conn.lastIndexOf(':');
  if (colon <= 0 || colon === conn.length - 1) throw new UsageError(`--connection ${conn}: expected <scenario or snapshot file>:<connection name>`);
  return { source: conn.slice(0, colon), connection: conn.slice(colon + 1), device, dialect, peer, json };
}

async function snapshotOf(source: string): Promise<NetworkSnapshot> {
  if (source.endsWith('.json') && !source.endsWith('.gwlab.json')) return readSnapshotFile(resolve(source));
  const scenario = await loadScenario(resolveScenarioPath(source));
  return scenarioSnapshotAt(scenario, 0);
}

async function readDevice(file: string, dialect?: Dialect): Promise<DeviceConfig> {
  let text: string;
  try {
    text = await readFile(resolve(file), 'utf8');
  } catch (e) {
    throw new UsageError(`--device ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  try {
    return parseDeviceConfig(text, dialect);
  } catch (e) {
    if (e instanceof DeviceConfigError) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
}

export async function runIkeCheck(args: IkeCheckArgs): Promise<{ result: IkeCheckResult; config: DeviceConfig }> {
  const config = await readDevice(args.device, args.dialect);
  const policy = args.peer === undefined ? config.connections[0]! : config.connections.find((c) => c.name === args.peer);
  if (!policy) throw new UsageError(`--peer ${args.peer}: the device file has ${config.connections.map((c) => c.name).join(', ')}`);
  const snapshot = await snapshotOf(args.source);
  let azure;
  try {
    azure = azureSideFromSnapshot(snapshot, args.connection);
  } catch (e) {
    throw new UsageError(`${args.source}: ${(e as Error).message}`);
  }
  return { result: checkIke(azure, policy), config };
}

export const ikeCheckCommand: CliCommand = {
  name: 'ike-check',
  summary: 'check an on-premises VPN device configuration against what Azure negotiates on a connection',
  usage: IKE_CHECK_USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseIkeCheckArgs(args);
    const { result, config } = await runIkeCheck(parsed);
    if (parsed.json) {
      io.out(JSON.stringify({ ...result, unsupportedLines: config.unsupported, ignoredLineCount: config.ignored.length }, null, 2));
    } else {
      io.out(ikeCheckReport(result, config));
    }
    return result.established ? EXIT_OK : EXIT_FAILED;
  },
};
