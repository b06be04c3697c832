// Builds a running lab: the engine's LabController (LabRuntime) plus the ARM data source on the
// lab's loopback ARM endpoint, the same client Azure uses. Everything heavy (the engine, the ARM
// endpoint, @azure/arm-network) is loaded with import() on first start, so activation stays cheap.
import type { LabBackendFactory } from './labBackend';

export const createLabBackend: LabBackendFactory = async (scenarioFile, options) => {
  const [{ loadScenario }, { LabRuntime }, { startLabArmDataSource }, { labHistorySource }] = await Promise.all([
    import(/* webpackChunkName: "lab-engine" */ '../engine/scenario/loadScenario'),
    import(/* webpackChunkName: "lab-engine" */ '../engine/labRuntime'),
    import(/* webpackChunkName: "lab-arm" */ '../azure/labArmDataSource'),
    import(/* webpackChunkName: "lab-engine" */ '../engine/history/labHistorySource'),
  ]);
  // ScenarioError messages name the file and JSON path of every problem: shown as they are.
  const scenario = await loadScenario(scenarioFile);
  const controller = await LabRuntime.create(scenario, { speed: options.speed, paused: options.paused ?? false });
  try {
    // A short inventory cache: gateways and connections of one refresh share a request, while a
    // refresh 250 ms later (the lab moved on) fetches again.
    // The change event lets the endpoint reuse one snapshot until the lab moves on.
    const arm = await startLabArmDataSource(() => controller.snapshot(), { endpoint: { onDidChange: (l) => controller.onDidChange(l), monitor: { source: () => labHistorySource(controller.lab) } }, client: { inventoryCacheMs: 100 } });
    return {
      controller,
      dataSource: arm.dataSource,
      dispose: () => {
        controller.dispose();
        void arm.close();
      },
    };
  } catch (error) {
    controller.dispose();
    throw error;
  }
};
