// What a running lab is to the extension: the in-process controls (LabController) and the one
// data path the views read (a GatewayDataSource on the lab's loopback ARM endpoint).
import type { LabController } from '../engine/labApi';
import type { GatewayDataSource } from '../azure/gatewayDataSource';
import type { DisposableLike } from './disposables';
import type { RealRouterReport } from '../engine/bgp/realRouters';

/** A data source that may cache its inventory briefly; invalidate() makes the next read fresh. */
export type RefreshableDataSource = GatewayDataSource & { invalidate?(): void };

export interface LabBackend extends DisposableLike {
  readonly controller: LabController;
  readonly dataSource: RefreshableDataSource;
  /** Endpoints and router configurations when the scenario has sites played by real routers. */
  readonly realRouters?: () => RealRouterReport;
}

export interface LabStartOptions {
  /** Virtual seconds per wall-clock second. */
  speed: number;
  /** Start paused (tests step through scenarios). */
  paused?: boolean;
}

export type LabBackendFactory = (scenarioFile: string, options: LabStartOptions) => Promise<LabBackend>;
