// Every command id the extension contributes; package.json lists the same ids (a test checks both agree).

export const CommandId = {
  refresh: 'gatewayLens.refresh',
  showLog: 'gatewayLens.showLog',
  labStart: 'gatewayLens.lab.start',
  labOpenScenario: 'gatewayLens.lab.openScenario',
  labStop: 'gatewayLens.lab.stop',
  labPause: 'gatewayLens.lab.pause',
  labResume: 'gatewayLens.lab.resume',
  labStep: 'gatewayLens.lab.step',
  labSetSpeed: 'gatewayLens.lab.setSpeed',
  labReset: 'gatewayLens.lab.reset',
  faultCrash: 'gatewayLens.fault.crash',
  faultReboot: 'gatewayLens.fault.reboot',
  faultHang: 'gatewayLens.fault.hang',
  faultPlannedMaintenance: 'gatewayLens.fault.plannedMaintenance',
  faultStoragePartition: 'gatewayLens.fault.storagePartition',
  faultGatewayReset: 'gatewayLens.fault.gatewayReset',
  faultTunnelDown: 'gatewayLens.fault.tunnelDown',
  faultBgpSessionDown: 'gatewayLens.fault.bgpSessionDown',
  faultRestore: 'gatewayLens.fault.restore',
  groupConnectionsByGateway: 'gatewayLens.connections.groupByGateway',
  groupConnectionsByStatus: 'gatewayLens.connections.groupByStatus',
} as const;

export type CommandIdName = (typeof CommandId)[keyof typeof CommandId];
