// The lab as the extension sees it: at most one running scenario, started from a file, with
// debounced change notifications for the views. The engine and its ARM endpoint load on first start.
import * as vscode from 'vscode';
import type { LabController } from '../engine/labApi';
import type { LabBackend, LabBackendFactory, LabStartOptions, RefreshableDataSource } from './labBackend';
import { DisposableBase } from './disposables';
import { debounce, type Debounced } from './debounce';
import { UserFacingError } from './errors';

export type LabStatus = 'stopped' | 'starting' | 'running' | 'paused';

/** Which moment of a loaded lab the views show (time travel), for the status bar and context keys. */
export interface LabMomentState {
  /** A past moment is shown (not the live lab). */
  past: boolean;
  /** The moment shown, virtual seconds. */
  seconds: number;
  /** The scenario reached its end (the lab stays loaded and browsable). */
  finished: boolean;
  /** Time travel is available (not with real routers attached). */
  travel: boolean;
}

/** What changed in the lab's data: clockOnly when only its clock advanced (same LabController.dataVersion). */
export interface LabDataChange {
  readonly clockOnly: boolean;
}

/**
 * How often views follow a lab whose clock alone advances (virtual time, counters, durations):
 * re-reading every gateway four times a second for a ticking clock cost a 100,000-prefix lab a
 * third of a core; state changes still come through at once (debounceMs).
 */
export const CLOCK_REFRESH_MS = 1000;

export class LabSession extends DisposableBase {
  private backend: LabBackend | undefined;
  private backendListener: vscode.Disposable | undefined;
  private file: string | undefined;
  private lastOptions: LabStartOptions | undefined;
  private starting = false;
  private lastStatus: LabStatus = 'stopped';
  private readonly changeEmitter = this.register(new vscode.EventEmitter<LabDataChange>());
  private readonly stateEmitter = this.register(new vscode.EventEmitter<LabStatus>());
  private readonly momentEmitter = this.register(new vscode.EventEmitter<LabMomentState | undefined>());
  private lastMomentKey = '';
  private readonly fireChange: Debounced;
  private readonly fireClock: Debounced;
  /** The controller's dataVersion when the last data change was announced. */
  private announcedVersion: string | undefined;

  /**
   * Simulation data changed (debounced) or, at most every CLOCK_REFRESH_MS, only its clock
   * advanced (clockOnly): views refetch; costly derived data need not follow a clock-only change.
   */
  readonly onDidChangeData = this.changeEmitter.event;
  /** Started, stopped, paused or resumed. */
  readonly onDidChangeStatus = this.stateEmitter.event;
  /** The moment shown changed (past/live, which past moment), the scenario ended, or the lab went. */
  readonly onDidChangeMoment = this.momentEmitter.event;

  constructor(
    private readonly factory: LabBackendFactory,
    private readonly log: vscode.LogOutputChannel,
    private readonly debounceMs = 250,
    clockRefreshMs = CLOCK_REFRESH_MS,
  ) {
    super();
    this.fireChange = debounce(() => this.announceData(), debounceMs);
    this.fireClock = debounce(() => this.changeEmitter.fire({ clockOnly: true }), clockRefreshMs);
    this.register({ dispose: () => this.fireChange.cancel() });
    this.register({ dispose: () => this.fireClock.cancel() });
    this.register({ dispose: () => this.stopBackend() });
  }

  get status(): LabStatus {
    if (this.starting) return 'starting';
    if (!this.backend) return 'stopped';
    return this.backend.controller.paused ? 'paused' : 'running';
  }

  get moment(): LabMomentState | undefined {
    const c = this.backend?.controller;
    if (!c) return undefined;
    const past = c.momentSeconds !== undefined;
    return { past, seconds: c.timeSeconds, finished: c.finished, travel: c.timeTravelBlocked === undefined };
  }

  get scenarioFile(): string | undefined {
    return this.file;
  }

  get controller(): LabController | undefined {
    return this.backend?.controller;
  }

  /** Real routers' endpoints and configurations, when the running scenario has external sites. */
  get realRouters(): LabBackend['realRouters'] {
    return this.backend?.realRouters;
  }

  get dataSource(): RefreshableDataSource | undefined {
    return this.backend?.dataSource;
  }

  /** The running controller, or a clear error telling the user to start the lab. */
  requireController(): LabController {
    const controller = this.backend?.controller;
    if (!controller) throw new UserFacingError('The lab is not running. Start a scenario first (Gateway Lens: Start Lab Scenario).');
    return controller;
  }

  async start(scenarioFile: string, options: LabStartOptions): Promise<void> {
    if (this.starting) throw new UserFacingError('The lab is already starting a scenario; wait for it to finish.');
    this.starting = true;
    this.publishStatus();
    try {
      this.stopBackend();
      this.log.info(`lab: starting ${scenarioFile} at ${options.speed}x${options.paused ? ' (paused)' : ''}`);
      const backend = await this.factory(scenarioFile, options);
      if (this.isDisposed) {
        backend.dispose();
        return;
      }
      this.backend = backend;
      this.file = scenarioFile;
      this.lastOptions = options;
      this.announcedVersion = undefined;
      this.backendListener = backend.controller.onDidChange(() => {
        if (backend.controller.dataVersion !== this.announcedVersion) this.fireChange();
        else this.fireClock();
        this.publishMoment();
      });
      this.log.info(`lab: running "${backend.controller.scenarioName}"`);
    } finally {
      this.starting = false;
      this.publishStatus();
      this.announceData();
    }
  }

  /** Starts the same scenario again from time 0. */
  async reset(): Promise<void> {
    if (!this.file || !this.lastOptions) throw new UserFacingError('No lab scenario has been started yet.');
    const speed = this.backend?.controller.speed ?? this.lastOptions.speed;
    await this.start(this.file, { ...this.lastOptions, speed });
  }

  stop(): void {
    if (!this.backend) return;
    this.stopBackend();
    this.log.info('lab: stopped');
    this.publishStatus();
    this.announceData();
  }

  /** Call after pause/resume/step/speed so status-driven UI (context keys, tree) follows at once. */
  notifyControlChanged(): void {
    this.publishStatus();
    this.fireChange();
  }

  /** A data change (or a lab started or stopped): a pending clock-only notification is covered by it. */
  private announceData(): void {
    this.fireChange.cancel();
    this.fireClock.cancel();
    this.announcedVersion = this.backend?.controller.dataVersion;
    this.changeEmitter.fire({ clockOnly: false });
  }

  /** Fires onDidChangeStatus only on a real change: a step per event must not flood listeners (context keys cross to the renderer). */
  private publishStatus(): void {
    this.publishMoment();
    const status = this.status;
    if (status === this.lastStatus) return;
    this.lastStatus = status;
    this.stateEmitter.fire(status);
  }

  /** Fires onDidChangeMoment only when what it shows changes (a running live lab changes nothing here). */
  private publishMoment(): void {
    const m = this.moment;
    const key = m ? `${m.past ? Math.floor(m.seconds * 1000) : 'live'}|${m.finished}|${m.travel}` : 'none';
    if (key === this.lastMomentKey) return;
    this.lastMomentKey = key;
    this.momentEmitter.fire(m);
  }

  private stopBackend(): void {
    this.backendListener?.dispose();
    this.backendListener = undefined;
    const backend = this.backend;
    this.backend = undefined;
    if (backend) {
      try {
        backend.dispose();
      } catch (error) {
        this.log.error(`lab: stopping failed: ${String(error)}`);
      }
    }
  }
}
