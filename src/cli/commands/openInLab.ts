// `gateway-lab open-in-lab <snapshot.json> [--vnet <id>] [--name <name>]`: prints a *.gwlab.json
// scenario reproducing the snapshot's topology (Azure's or a lab's), to replay in the lab.
import { parseArgs } from 'node:util';
import { EXIT_OK, UsageError, type CliCommand, type CliIo } from '../command';
import { readSnapshotFile } from '../../diagnostics/snapshotFile';
import { scenarioFromSnapshot } from '../../engine/scenario/scenarioFromSnapshot';
import { validateScenario } from '../../engine/scenario/validateScenario';

const USAGE = `Usage: gateway-lab open-in-lab <snapshot.json> [--vnet <virtual network id>] [--name <scenario name>]

Prints a scenario (*.gwlab.json) that reproduces a snapshot's VNet: subnets and UDRs, gateways
with SKU and mode, sites with prefixes and BGP settings, circuits with the prefixes each path
carries, connections, and the VMs' NICs as probe sources. Run it with gateway-lab run, or open it
in VS Code and inject faults. On-premises devices are the lab's models.
Exit codes: 0 printed, 2 invalid input.`;

export const openInLabCommand: CliCommand = {
  name: 'open-in-lab',
  summary: 'print a lab scenario reproducing a snapshot\'s topology (Azure or lab), to replay it in the lab',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { vnet: { type: 'string' }, name: { type: 'string' } } });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    if (parsed.positionals.length !== 1) throw new UsageError('expected one snapshot file');
    const snapshot = await readSnapshotFile(parsed.positionals[0]!);
    let scenario;
    try {
      scenario = scenarioFromSnapshot(snapshot, { ...(parsed.values.vnet ? { vnetId: parsed.values.vnet } : {}), ...(parsed.values.name ? { name: parsed.values.name } : {}) });
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    // Validated before printing: a name the lab cannot take is reported here, not at run time.
    validateScenario(JSON.parse(JSON.stringify(scenario)), 'generated scenario');
    io.out(JSON.stringify(scenario, null, 2));
    return EXIT_OK;
  },
};
