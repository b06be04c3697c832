// Where a gateway's history is read from and with which credential: Azure Monitor's endpoints of
// the signed-in cloud (Log Analytics query API, the regional metrics API, Resource Manager for
// diagnostic settings and the Activity Log), or an ARM-compatible endpoint on loopback (the lab's,
// which serves the same APIs under its own base URL). The credential is handed over as an object
// that asks for tokens; no token is ever a field here, so nothing printable carries one.
import type { TokenCredential } from '@azure/core-auth';
import type { AzureCloud, AzureCloudName } from '../azureClouds';
import type { GatewayHistoryClientOptions } from './gatewayHistoryClient';
import { isLoopbackUrl } from '../loopbackBearerPolicy';

/** Path under a loopback endpoint's base URL where its Log Analytics API lives (the lab's LOGS_PATH). */
export const LOOPBACK_LOGS_PATH = '/loganalytics/v1';

export interface HistoryAccess {
  /** Resource Manager base URL (no trailing slash). */
  armEndpoint: string;
  credential: TokenCredential;
  /** Set for a signed-in cloud; undefined for a loopback endpoint (the lab's, or one a test added). */
  cloud?: AzureCloud;
}

interface MonitorHosts {
  logs: string;
  logsScope: string;
  /** Regional metrics host, `<region>` replaced by the gateway's location. */
  metrics: string;
  metricsScope: string;
}

/** Azure Monitor's public endpoints per cloud (Log Analytics query API; metrics batch API, regional). */
const MONITOR_HOSTS: Readonly<Record<AzureCloudName, MonitorHosts>> = {
  AzureCloud: { logs: 'https://api.loganalytics.io/v1', logsScope: 'https://api.loganalytics.io/.default', metrics: 'https://<region>.metrics.monitor.azure.com', metricsScope: 'https://metrics.monitor.azure.com/.default' },
  AzureUSGovernment: { logs: 'https://api.loganalytics.us/v1', logsScope: 'https://api.loganalytics.us/.default', metrics: 'https://<region>.metrics.monitor.azure.us', metricsScope: 'https://metrics.monitor.azure.us/.default' },
  AzureChinaCloud: { logs: 'https://api.loganalytics.azure.cn/v1', logsScope: 'https://api.loganalytics.azure.cn/.default', metrics: 'https://<region>.metrics.monitor.azure.cn', metricsScope: 'https://metrics.monitor.azure.cn/.default' },
};

/**
 * The history client's options for a gateway in `location` (metrics are served per region).
 * A loopback endpoint serves every API under its own base URL, behind its own token.
 */
export function historyClientOptions(access: HistoryAccess, location: string, retry?: GatewayHistoryClientOptions['retry']): GatewayHistoryClientOptions {
  const base = access.armEndpoint.replace(/\/+$/, '');
  if (!access.cloud || isLoopbackUrl(base)) {
    return { armEndpoint: base, logsEndpoint: `${base}${LOOPBACK_LOGS_PATH}`, metricsEndpoint: base, credential: access.credential, ...(retry ? { retry } : {}) };
  }
  const hosts = MONITOR_HOSTS[access.cloud.name];
  const region = location.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (region === '') throw new Error('the gateway has no location: its metrics endpoint (regional) cannot be chosen');
  return {
    armEndpoint: base,
    armScopes: [access.cloud.scope],
    logsEndpoint: hosts.logs,
    logsScopes: [hosts.logsScope],
    metricsEndpoint: hosts.metrics.replace('<region>', region),
    metricsScopes: [hosts.metricsScope],
    credential: access.credential,
    ...(retry ? { retry } : {}),
  };
}
