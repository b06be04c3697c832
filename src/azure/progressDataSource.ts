// The Azure data source as the panels see it: a call that runs longer than a moment (Azure's
// gateway POSTs answer 202 and ask to poll again in 10 s) shows a progress notification saying
// what it waits for, with a Cancel button that aborts the call mid-poll. Calls that bring their
// own AbortSignal (Diagnose All) already show progress and cancel themselves: passed through.
// No vscode import: the UI comes in as ProgressUi, so this is unit-tested against the lab endpoint.
import type { BgpPeerStatus, GatewayRoute, VirtualNetworkGateway, VirtualNetworkGatewayConnection } from '../model/arm';
import { resourceName } from '../model/armShapes';
import type { GatewayDataSource } from './gatewayDataSource';
import type { ArmGatewayDataSource, OperationProgress } from './armGatewayDataSource';

export interface ProgressUi {
  /**
   * Shows `title` with a Cancel button while `run` runs; `report` updates the detail line and
   * `signal` aborts when the user cancels. Resolves or rejects as `run` does.
   */
  show<T>(title: string, run: (report: (message: string) => void, signal: AbortSignal) => Promise<T>): Promise<T>;
}

export interface ProgressDataSourceOptions {
  /** Calls that end sooner never show anything (a flash of progress is noise). */
  delayMs?: number;
}

const DEFAULT_DELAY_MS = 1500;

export class ProgressDataSource implements GatewayDataSource {
  readonly id: string;
  readonly label: string;

  constructor(
    readonly inner: ArmGatewayDataSource,
    private readonly ui: ProgressUi,
    private readonly options: ProgressDataSourceOptions = {},
  ) {
    this.id = inner.id;
    this.label = inner.label;
  }

  listGateways(signal?: AbortSignal): Promise<VirtualNetworkGateway[]> {
    return this.track(`listing ${this.label} gateways`, undefined, signal, (s) => this.inner.listGateways(s));
  }

  listConnections(signal?: AbortSignal): Promise<VirtualNetworkGatewayConnection[]> {
    return this.track(`listing ${this.label} connections`, undefined, signal, (s) => this.inner.listConnections(s));
  }

  getBgpPeerStatus(gatewayId: string, signal?: AbortSignal): Promise<BgpPeerStatus[]> {
    return this.track(`reading the BGP peers of ${resourceName(gatewayId)}`, { operation: 'getBgpPeerStatus', resourceId: gatewayId }, signal, (s) => this.inner.getBgpPeerStatus(gatewayId, s));
  }

  getLearnedRoutes(gatewayId: string, signal?: AbortSignal): Promise<GatewayRoute[]> {
    return this.track(`reading the learned routes of ${resourceName(gatewayId)}`, { operation: 'getLearnedRoutes', resourceId: gatewayId }, signal, (s) => this.inner.getLearnedRoutes(gatewayId, s));
  }

  getAdvertisedRoutes(gatewayId: string, peer: string, signal?: AbortSignal): Promise<GatewayRoute[]> {
    return this.track(`reading the routes ${resourceName(gatewayId)} advertises to ${peer}`, { operation: 'getAdvertisedRoutes', resourceId: gatewayId }, signal, (s) => this.inner.getAdvertisedRoutes(gatewayId, peer, s));
  }

  private track<T>(
    what: string,
    lro: Pick<OperationProgress, 'operation' | 'resourceId'> | undefined,
    signal: AbortSignal | undefined,
    call: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    if (signal) return call(signal);
    const abort = new AbortController();
    let polls = 0;
    let report: ((message: string) => void) | undefined;
    const unsubscribe = lro
      ? this.inner.addProgressListener((e) => {
          if (e.operation !== lro.operation || e.resourceId !== lro.resourceId) return;
          polls = e.polls;
          report?.(pollMessage(polls));
        })
      : undefined;
    const running = call(abort.signal);
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      // The notification's promise settles with the call; its rejection is the caller's to handle.
      this.ui
        .show(`Gateway Lens: ${what}…`, (r, cancel) => {
          report = r;
          if (polls > 0) r(pollMessage(polls));
          cancel.addEventListener('abort', () => abort.abort(), { once: true });
          return running;
        })
        .catch(() => undefined);
    }, this.options.delayMs ?? DEFAULT_DELAY_MS);
    const done = (): void => {
      settled = true;
      clearTimeout(timer);
      unsubscribe?.();
    };
    return running.then(
      (value) => {
        done();
        return value;
      },
      (err: unknown) => {
        done();
        throw err;
      },
    );
  }
}

function pollMessage(polls: number): string {
  return polls <= 1 ? 'Azure accepted the request; waiting for the result' : `still running (checked ${polls} times)`;
}
