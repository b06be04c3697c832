// Keeps the current findings. The lab is re-diagnosed whenever its data changes or its clock
// advances (both announced by the session, the clock once a second; some findings age with time),
// held to a CPU budget (costThrottle), and whenever its status changes. An unchanged 100,000-route
// lab costs little to diagnose again: rules keep what they derive from its frozen route arrays
// (diagnostics/derived.ts). Azure only on request (Diagnose All), because reading BGP peers and
// routes there means slow long-running ARM calls per gateway.
import * as vscode from 'vscode';
import type { GatewayDataSource } from '../azure/gatewayDataSource';
import type { Finding } from '../diagnostics/finding';
import type { NetworkSnapshot } from '../model/snapshot';
import { DisposableBase } from './disposables';
import { errorMessage } from './errors';
import type { LabSession } from './labSession';
import { collectSnapshot, type CollectProblem } from '../azure/collectSnapshot';
import { allFindings, type DiagnosticsState, type FindingSource, type SourceFindings } from '../views/findings/findingsTree';
import { loadDiagnostics } from './diagnosticsModules';
import { SourceId } from '../model/sourceId';
import { costThrottle } from './costThrottle';
import type { CheckedDeviceConfigs } from './checkedDeviceConfigs';

export const NO_DATA_MESSAGE = 'Start a lab scenario (or sign in to Azure and run Diagnose All)';

export interface SourceResult {
  subject: string;
  snapshot: NetworkSnapshot;
  findings: Finding[];
  problems: CollectProblem[];
}

export class DiagnosticsService extends DisposableBase {
  private labResult: SourceResult | undefined;
  private azureResult: SourceResult | undefined;
  /** The data source the Azure result was read from: a later sign-in (maybe another account) does not inherit it. */
  private azureResultSource: GatewayDataSource | undefined;
  private failure: string | undefined;
  private generation = 0;
  private latestRefresh: Promise<DiagnosticsState> | undefined;
  private readonly emitter = this.register(new vscode.EventEmitter<DiagnosticsState>());
  /** Fires after every diagnosis (also when the result did not change). */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly lab: LabSession,
    private readonly log: vscode.LogOutputChannel,
    private readonly azureSource: () => GatewayDataSource | undefined = () => undefined,
    onDidChangeAzure?: vscode.Event<void>,
    /** Device configurations checked against connections: carried in every snapshot diagnosed here. */
    private readonly checked?: CheckedDeviceConfigs,
  ) {
    super();
    if (checked) this.register(checked.onDidChange(() => void this.recheckDeviceConfigs()));
    if (onDidChangeAzure) {
      this.register(
        onDidChangeAzure(() => {
          if (this.azureResultSource !== this.azureSource()) {
            this.azureResult = undefined;
            this.azureResultSource = undefined;
          }
          this.emitter.fire(this.state);
        }),
      );
    }
    // Data changes of a running lab come several times a second; diagnosing a 100,000-route lab
    // takes hundreds of ms, so those refreshes keep to a tenth of a core. Status changes and
    // explicit requests (commands) still diagnose at once.
    const throttled = costThrottle(() => this.refresh(), { share: 0.1, maxDelayMs: 5000 });
    this.register({ dispose: () => throttled.cancel() });
    this.register(lab.onDidChangeData(() => throttled()));
    this.register(lab.onDidChangeStatus(() => void this.refresh()));
  }

  get state(): DiagnosticsState {
    if (this.failure) return { kind: 'failed', message: this.failure };
    // After sign-out the Azure findings no longer describe anything the user can look at.
    const azure = this.azure;
    const results: SourceFindings[] = [];
    if (this.labResult) results.push({ source: SourceId.lab, subject: this.labResult.subject, findings: this.labResult.findings });
    if (azure) results.push({ source: SourceId.azure, subject: azure.subject, findings: azure.findings });
    if (results.length === 0) return { kind: 'noData', message: NO_DATA_MESSAGE };
    return { kind: 'ready', subject: results.map((r) => r.subject).join(' and '), results };
  }

  get findings(): readonly Finding[] {
    return allFindings(this.state);
  }

  /** A finding shown in the view, by id; from `source` when given (lab and Azure may share ids). */
  finding(id: string, source?: FindingSource): { finding: Finding; source: FindingSource } | undefined {
    const s = this.state;
    if (s.kind !== 'ready') return undefined;
    for (const r of s.results) {
      if (source !== undefined && r.source !== source) continue;
      const finding = r.findings.find((f) => f.id === id);
      if (finding) return { finding, source: r.source };
    }
    return undefined;
  }

  /** The lab's last diagnosed snapshot. */
  get snapshot(): NetworkSnapshot | undefined {
    return this.labResult?.snapshot;
  }

  get azure(): SourceResult | undefined {
    const source = this.azureSource();
    return source && source === this.azureResultSource ? this.azureResult : undefined;
  }

  get hasAzure(): boolean {
    return this.azureSource() !== undefined;
  }

  /**
   * Re-diagnoses the lab's current snapshot; never rejects (a failure becomes the view's error
   * row). When a newer refresh starts meanwhile, this one stops and resolves with the newer one's result.
   */
  refresh(): Promise<DiagnosticsState> {
    const run = this.diagnoseLab(++this.generation);
    this.latestRefresh = run;
    return run;
  }

  private async diagnoseLab(generation: number): Promise<DiagnosticsState> {
    const controller = this.lab.controller;
    if (!controller) {
      this.labResult = undefined;
      this.failure = undefined;
    } else {
      try {
        // The snapshot is taken before awaiting the rules so it describes the moment of the call.
        const snapshot = this.withChecked(controller.snapshot());
        const { diagnoseStepwise } = (await loadDiagnostics()).diagnose;
        // One rule at a time, yielding in between: a big lab's first diagnosis must not hold up
        // the views and panels for most of a second. (Rows the lab builds on first read stay
        // those of the snapshot's moment: see SnapshotRowCache.flush.) A newer refresh started
        // meanwhile publishes its own result, and this one resolves with it.
        const steps = diagnoseStepwise(snapshot);
        let step: IteratorResult<void, Finding[]> | undefined;
        do {
          if (step) await new Promise<void>((resolve) => setImmediate(resolve));
          if (generation !== this.generation || this.isDisposed) return this.newerResult();
          step = steps.next();
        } while (!step.done);
        const t = snapshot.lab ? ` at t=${Math.round(snapshot.lab.timeSeconds)} s` : '';
        this.labResult = { subject: `lab scenario ${controller.scenarioName}${t}`, snapshot, findings: step.value, problems: [] };
        this.failure = undefined;
      } catch (error) {
        this.log.error(`diagnostics failed: ${errorMessage(error)}`);
        this.failure = `Diagnosis failed: ${errorMessage(error)}`;
      }
    }
    const state = this.state;
    this.emitter.fire(state);
    return state;
  }

  /** What the newest refresh resolves with (the current state once disposed). */
  private newerResult(): Promise<DiagnosticsState> {
    return this.isDisposed || !this.latestRefresh ? Promise.resolve(this.state) : this.latestRefresh;
  }

  /** Reads every gateway's BGP data from Azure and diagnoses it; undefined when not signed in. Rejects on listing failures. */
  async diagnoseAzure(signal?: AbortSignal): Promise<SourceResult | undefined> {
    const source = this.azureSource();
    if (!source) return undefined;
    const collected = await collectSnapshot(source, { signal });
    const problems = collected.problems;
    const snapshot = this.withChecked(collected.snapshot);
    for (const p of problems) this.log.warn(`diagnostics: ${p.field} of ${p.resource} not fetched: ${p.message}`);
    const { diagnose } = (await loadDiagnostics()).diagnose;
    // Signed out (or into another account) while reading: the result describes nothing shown any more.
    if (this.azureSource() !== source || this.isDisposed) return undefined;
    this.azureResult = { subject: `Azure (${source.label}) at ${snapshot.takenAt}`, snapshot, findings: diagnose(snapshot), problems };
    this.azureResultSource = source;
    this.emitter.fire(this.state);
    return this.azureResult;
  }

  private withChecked(snapshot: NetworkSnapshot): NetworkSnapshot {
    return this.checked ? this.checked.attachTo(snapshot) : snapshot;
  }

  /**
   * A configuration was checked or forgotten: the lab is diagnosed again, and Azure's last read
   * re-diagnosed with the new configurations without reading Azure again (the connection's
   * policy comes from that read, so a fix on Azure's side shows after the next Diagnose All).
   */
  private async recheckDeviceConfigs(): Promise<void> {
    const azure = this.azureResult;
    if (azure) {
      try {
        const snapshot = this.withChecked(azure.snapshot);
        const { diagnose } = (await loadDiagnostics()).diagnose;
        if (this.azureResult === azure && !this.isDisposed) this.azureResult = { ...azure, snapshot, findings: diagnose(snapshot) };
      } catch (error) {
        this.log.error(`diagnostics of the checked device configurations failed: ${errorMessage(error)}`);
      }
    }
    await this.refresh();
  }
}
