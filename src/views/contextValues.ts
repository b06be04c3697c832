// Every contextValue the trees set, in one place: package.json `when` clauses match these
// strings (viewItem == gwl.instance, viewItem =~ /^gwl\.source\.lab/...).

export const ContextValue = {
  labSourceStopped: 'gwl.source.lab.stopped',
  labSourceRunning: 'gwl.source.lab.running',
  labSourcePaused: 'gwl.source.lab.paused',
  azureSource: 'gwl.source.azure',
  labGateway: 'gwl.gateway.lab',
  azureGateway: 'gwl.gateway.azure',
  instance: 'gwl.instance',
  instanceFaulted: 'gwl.instance.faulted',
  folder: 'gwl.folder',
  bgpPeer: 'gwl.bgpPeer',
  labBgpPeer: 'gwl.bgpPeer.lab',
  labConnection: 'gwl.connection.lab',
  azureConnection: 'gwl.connection.azure',
  tunnel: 'gwl.tunnel',
  group: 'gwl.group',
  error: 'gwl.error',
  info: 'gwl.info',
} as const;

export type ContextValueName = (typeof ContextValue)[keyof typeof ContextValue];
