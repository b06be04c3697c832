// `gateway-lab timeline <scenario> [--json]`: runs a scenario and prints the events classified from
// its diagnostic logs and Activity Log (failover, flap, maintenance, reset, bgpDrop, configChange,
// ikeError), by the same classifier that reads an Azure gateway's logs.
import { EXIT_OK, type CliCommand, type CliIo } from '../command';
import { historyUntil } from '../../engine/history/labHistory';
import { labHistory } from '../../engine/createLab';
import { classifyHistory } from '../../diagnostics/history/classifyHistory';
import { diagnoseHistory } from '../../diagnostics/history/historyRules';
import { parseHistoryArgs, runForHistory } from './logs';

const USAGE = `Usage: gateway-lab timeline <scenario> [--at <duration>] [--seed N] [--json]

Runs a scenario (a file or a bundled scenario name) in virtual time and classifies its diagnostic
logs and Activity Log into events: failover (a disconnect on one instance, a connect on the other;
with the traffic gap), flap (disconnect and connect on the same instance), maintenance, reset,
bgpDrop (with the reason), configChange, ikeError.
Then the findings from history: tunnel flapping, recurring failovers, BGP session flaps, a
prefix-limit drop seen in the route log, a disconnect explained by planned maintenance (info).
  --json   {"scenario", "events": [{kind, at, t, gateway, fromInstance, toInstance, gapSeconds, ...}],
            "findings": [{ruleId, severity, title}]}; Activity Log events (configChange, reset) also
           carry resourceId, resource (its top-level name: route table, connection...), caller, status
Exit codes: 0 printed, 2 invalid input.`;

export const timelineCommand: CliCommand = {
  name: 'timeline',
  summary: 'print the events classified from a scenario\'s diagnostic logs (failovers with their gap, flaps, maintenance, resets, BGP drops, config changes, IKE errors)',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const a = parseHistoryArgs(args, false);
    const lab = await runForHistory(a);
    const view = historyUntil(labHistory(lab)!, a.at);
    const start = Date.parse(lab.scenario.startTime);
    const names = new Map([...lab.scenario.topology.gateways.map((g) => g.name), ...lab.scenario.topology.virtualNetwork.subnets.map((s) => s.name)].map((n) => [n.toLowerCase(), n]));
    const classified = classifyHistory(view.rows, view.activity);
    const findings = diagnoseHistory(view.rows, view.activity, {}, classified).map((f) => ({ ruleId: f.ruleId, severity: f.severity, title: f.title }));
    const events = classified.map((e) => {
      const { rows: _rows, activity: _activity, ...rest } = e;
      return { ...rest, gateway: names.get(e.gateway.toLowerCase()) ?? e.gateway, t: (Date.parse(e.at) - start) / 1000 };
    });
    if (a.json) {
      io.out(JSON.stringify({ scenario: lab.scenario.name, events, findings }, null, 2));
      return EXIT_OK;
    }
    const lines = [`${lab.scenario.name}: ${events.length} events`];
    for (const e of events) lines.push(`  ${e.t.toFixed(3).padStart(9)}s  ${e.kind.padEnd(12)} ${e.gateway.padEnd(12)} ${e.title}`);
    if (findings.length > 0) lines.push('', 'Findings from history');
    for (const f of findings) lines.push(`  ${f.severity.padEnd(8)} ${f.title}`);
    io.out(lines.join('\n'));
    return EXIT_OK;
  },
};
