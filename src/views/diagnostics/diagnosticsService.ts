// Keeps the current findings: re-diagnoses the lab's snapshot whenever the lab's data changes
// (the session already debounces) or its status changes, and tells the view.
import * as vscode from 'vscode';
import type { Finding } from '../../diagnostics/finding';
import type { NetworkSnapshot } from '../../engine/model/snapshot';
import { DisposableBase } from '../../host/disposables';
import { errorMessage } from '../../host/errors';
import type { LabSession } from '../../host/labSession';
import type { DiagnosticsState } from './diagnosticsTree';
import { loadDiagnostics } from './diagnosticsModules';

export const NO_DATA_MESSAGE = 'Start a lab scenario to diagnose it';

export class DiagnosticsService extends DisposableBase {
  private current: DiagnosticsState = { kind: 'noData', message: NO_DATA_MESSAGE };
  private lastSnapshot: NetworkSnapshot | undefined;
  private generation = 0;
  private readonly emitter = this.register(new vscode.EventEmitter<DiagnosticsState>());
  /** Fires after every diagnosis (also when the result did not change). */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly lab: LabSession,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.register(lab.onDidChangeData(() => void this.refresh()));
    this.register(lab.onDidChangeStatus(() => void this.refresh()));
  }

  get state(): DiagnosticsState {
    return this.current;
  }

  get findings(): readonly Finding[] {
    return this.current.kind === 'ready' ? this.current.findings : [];
  }

  get snapshot(): NetworkSnapshot | undefined {
    return this.lastSnapshot;
  }

  /** Takes a fresh snapshot and diagnoses it; never rejects (a failure becomes the view's error row). */
  async refresh(): Promise<DiagnosticsState> {
    const generation = ++this.generation;
    const controller = this.lab.controller;
    if (!controller) {
      this.lastSnapshot = undefined;
      this.current = { kind: 'noData', message: NO_DATA_MESSAGE };
    } else {
      try {
        // The snapshot is taken before awaiting the rules so it describes the moment of the call.
        const snapshot = controller.snapshot();
        const { diagnose } = (await loadDiagnostics()).diagnose;
        // A newer refresh started while the rules loaded: it will publish its own result.
        if (generation !== this.generation || this.isDisposed) return this.current;
        const findings = diagnose(snapshot);
        this.lastSnapshot = snapshot;
        const t = snapshot.lab ? ` at t=${Math.round(snapshot.lab.timeSeconds)} s` : '';
        this.current = { kind: 'ready', subject: `lab scenario ${controller.scenarioName}${t}`, findings };
      } catch (error) {
        this.log.error(`diagnostics failed: ${errorMessage(error)}`);
        this.current = { kind: 'failed', message: `Diagnosis failed: ${errorMessage(error)}` };
      }
    }
    this.emitter.fire(this.current);
    return this.current;
  }
}
