// Builds a running lab: the engine's LabController (LabRuntime) plus the ARM data source on the
// lab's loopback ARM endpoint, the same client Azure uses. Everything heavy (the engine, the ARM
// endpoint, @azure/arm-network) is loaded with import() on first start, so activation stays cheap.
import type { LabBackendFactory } from './labBackend';

export const createLabBackend: LabBackendFactory = async (scenarioFile, options) => {
  const [{ loadScenario }, { LabRuntime }, { startLabArmDataSource }, { openRealRouters, hasExternalSites }] = await Promise.all([
    import(/* webpackChunkName: "lab-engine" */ '../engine/scenario/loadScenario'),
    import(/* webpackChunkName: "lab-engine" */ '../engine/labRuntime'),
    import(/* webpackChunkName: "lab-arm" */ '../azure/labArmDataSource'),
    import(/* webpackChunkName: "lab-engine" */ '../engine/bgp/realRouters'),
  ]);
  // ScenarioError messages name the file and JSON path of every problem: shown as they are.
  const scenario = await loadScenario(scenarioFile);
  // Real routers live in wall-clock time: with sites played by real routers the lab runs at 1x.
  const speed = hasExternalSites(scenario) ? 1 : options.speed;
  const controller = await LabRuntime.create(scenario, { speed, paused: options.paused ?? false });
  // Real routers answer in wall-clock time and cannot be replayed: no time travel with them.
  if (hasExternalSites(scenario)) controller.blockTimeTravel('real routers are attached to this scenario (their sessions cannot be replayed)');
  const realRouters = await openRealRouters(controller.lab);
  try {
    // A short inventory cache: gateways and connections of one refresh share a request, while a
    // refresh 250 ms later (the lab moved on) fetches again.
    // The change event lets the endpoint reuse one snapshot until the lab moves on (or the moment
    // shown changes: snapshot() and history() describe the moment the user travelled to).
    const arm = await startLabArmDataSource(() => controller.snapshot(), { endpoint: { onDidChange: (l) => controller.onDidChange(l), monitor: { source: () => controller.history() } }, client: { inventoryCacheMs: 100 } });
    return {
      controller,
      dataSource: arm.dataSource,
      ...(realRouters ? { realRouters } : {}),
      dispose: () => {
        // Cease/Administrative Shutdown to the routers first, then the lab goes.
        void (realRouters?.stop() ?? Promise.resolve()).finally(() => controller.dispose());
        void arm.close();
      },
    };
  } catch (error) {
    void realRouters?.stop();
    controller.dispose();
    throw error;
  }
};
