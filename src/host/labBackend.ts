// What a running lab is to the extension: the in-process controls (LabController) and the one
// data path the views read (a GatewayDataSource on the lab's loopback ARM endpoint).
import type { LabController } from '../engine/labApi';
import type { GatewayDataSource } from '../azure/gatewayDataSource';
import type { DisposableLike } from './disposables';

export interface LabBackend extends DisposableLike {
  readonly controller: LabController;
  readonly dataSource: GatewayDataSource;
}

export interface LabStartOptions {
  /** Virtual seconds per wall-clock second. */
  speed: number;
  /** Start paused (tests step through scenarios). */
  paused?: boolean;
}

export type LabBackendFactory = (scenarioFile: string, options: LabStartOptions) => Promise<LabBackend>;
