// `gateway-lab serve <scenario> [--port N] [--speed X]`: runs a scenario in paced time and serves
// the lab's ARM-compatible endpoint on 127.0.0.1, printing {"baseUrl","subscriptionId","token"}
// as the first line of stdout so scripts and other ARM clients can use it. Runs until SIGINT or
// SIGTERM (or the `stop` promise, for tests).
import { parseArgs } from 'node:util';
import { EXIT_OK, UsageError, type CliCommand, type CliIo } from '../command';
import { loadScenario } from '../../engine/scenario/loadScenario';
import { LabRuntime } from '../../engine/labRuntime';
import { startArmEndpoint } from '../../engine/arm/armEndpoint';
import { LAB_WORKSPACE_ID, LOGS_PATH } from '../../engine/arm/monitorRoutes';
import { labHistorySource } from '../../engine/history/labHistorySource';
import type { BgpEndpoint, ExternalSiteInfo } from '../../engine/bgp/externalEndpoints';
import { WALL_CLOCK_NOTE, externalPeeringOf, routerConfigInputsOf } from '../../engine/bgp/realRouters';
import { routerConfigsText } from '../../engine/bgp/routerConfigs';

const USAGE = `Usage: gateway-lab serve <scenario.gwlab.json> [--port N] [--speed X]

Runs a scenario in paced time and serves its ARM-compatible endpoint on 127.0.0.1 only.
The first line of output is JSON: {"baseUrl","subscriptionId","token","logsEndpoint",
"metricsEndpoint","workspaceId","bgpEndpoints","externalSites"}; send the token as
"Authorization: Bearer <token>" (anything else gets 401). logsEndpoint, metricsEndpoint and
workspaceId are the Log Analytics query API, metrics batch API and the lab's workspace id, for
@azure/monitor-query-logs / -metrics. Sites marked "external" are real routers: bgpEndpoints
lists each gateway instance's BGP endpoint ({gateway, instance, address, port, asn}),
externalSites each such site ({site, address, port, asn, prefixes}), and ready-to-paste FRR,
BIRD and GoBGP configurations follow the first line. While real routers are attached the lab
runs at 1x (wall-clock time). Stop with Ctrl+C (real routers get Cease/Administrative Shutdown).
  --port N    TCP port on 127.0.0.1; 0 or omitted: a free port
  --speed X   virtual seconds per wall-clock second, 1..600 (default 1; keep 1 with real routers)`;

export interface ServeInfo {
  baseUrl: string;
  subscriptionId: string;
  token: string;
  /** Log Analytics query API (LogsQueryClient's `endpoint`), behind the same token. */
  logsEndpoint: string;
  /** Metrics batch API (MetricsClient's endpoint), behind the same token. */
  metricsEndpoint: string;
  /** The lab's workspace (customer) id. */
  workspaceId: string;
  /** Each gateway instance's BGP endpoint for real routers ([] when no site is external). */
  bgpEndpoints: Pick<BgpEndpoint, 'gateway' | 'instance' | 'address' | 'port' | 'asn'>[];
  /** Sites played by real routers. */
  externalSites: Pick<ExternalSiteInfo, 'site' | 'address' | 'port' | 'asn' | 'prefixes'>[];
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  // 0 asks the system for a free port, as it does for every other listener.
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new UsageError(`--port must be an integer from 0 to 65535 (got "${text}")`);
  return Number(text);
}

function parseSpeed(text: string | undefined): number {
  if (text === undefined) return 1;
  const speed = Number(text);
  if (text.trim() === '' || !Number.isFinite(speed) || speed < 1 || speed > 600) throw new UsageError(`--speed must be a number from 1 to 600 (got "${text}")`);
  return speed;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

/** The command's body; `stop` ends the run (tests pass their own, the CLI waits for a signal). */
export async function serve(args: string[], io: CliIo, stop: () => Promise<void> = untilSignal): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { port: { type: 'string' }, speed: { type: 'string' } } });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing scenario file' : `expected one scenario file, got ${positionals.length}`);
  const port = parsePort(values.port);
  const speed = parseSpeed(values.speed);
  const scenario = await loadScenario(positionals[0]!);
  const runtime = await LabRuntime.create(scenario, { speed });
  const peering = externalPeeringOf(runtime.lab);
  try {
    if (peering) {
      try {
        await peering.listen();
      } catch (error) {
        throw new UsageError(`${error instanceof Error ? error.message : String(error)} (set "bgp.endpoints" in the scenario to use other addresses)`);
      }
    }
    let endpoint;
    try {
      endpoint = await startArmEndpoint({ snapshot: () => runtime.snapshot(), onDidChange: (l) => runtime.onDidChange(l), port, monitor: { source: () => labHistorySource(runtime.lab) } });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'EADDRINUSE') throw new UsageError(`port ${port} on 127.0.0.1 is already in use`);
      throw error;
    }
    try {
      const info: ServeInfo = {
        baseUrl: endpoint.baseUrl,
        subscriptionId: endpoint.subscriptionId,
        token: endpoint.token,
        logsEndpoint: `${endpoint.baseUrl}${LOGS_PATH}`,
        metricsEndpoint: endpoint.baseUrl,
        workspaceId: LAB_WORKSPACE_ID,
        bgpEndpoints: (peering?.endpoints ?? []).map(({ gateway, instance, address, port, asn }) => ({ gateway, instance, address, port, asn })),
        externalSites: (peering?.sites ?? []).map(({ site, address, port, asn, prefixes }) => ({ site, address, port, asn, prefixes })),
      };
      io.out(JSON.stringify(info));
      if (peering) io.out(routerConfigsText(routerConfigInputsOf(runtime.lab)));
      io.err(`serving scenario "${runtime.scenarioName}" at ${speed}x on ${endpoint.baseUrl} (Ctrl+C to stop)`);
      if (peering) {
        io.err(speed === 1 ? WALL_CLOCK_NOTE : `warning: ${WALL_CLOCK_NOTE}; --speed ${speed} makes failover and faults ${speed}x faster than the routers' clock`);
        const azure = peering.azureTimers ? 'on (keepalive stays at the configured interval even if a router proposes a shorter hold; source: Microsoft Tech Community, "Azure VPN Gateway BGP Timer Mismatches")' : 'off (RFC 4271: keepalive = hold / 3)';
        io.err(`Azure BGP timer behaviour: ${azure}`);
      }
      await stop();
    } finally {
      await endpoint.close();
    }
  } finally {
    await peering?.stop();
    runtime.dispose();
  }
  return EXIT_OK;
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: "run a scenario in paced time and serve its ARM-compatible endpoint on 127.0.0.1",
  usage: USAGE,
  run: (args, io) => serve(args, io),
};
