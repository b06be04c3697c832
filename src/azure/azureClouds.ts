// Sovereign clouds: the Resource Manager endpoint, token scope and sign-in authority of each,
// chosen by the `gatewayLens.azure.cloud` setting. Names match `az cloud list`.

export type AzureCloudName = 'AzureCloud' | 'AzureUSGovernment' | 'AzureChinaCloud';

export interface AzureCloud {
  name: AzureCloudName;
  /** Resource Manager base URL, no trailing slash. */
  resourceManager: string;
  /** The scope every ARM and Resource Graph token is requested for. */
  scope: string;
  /** Microsoft Entra authority host for @azure/identity. */
  authorityHost: string;
  portal: string;
  /** Value of VS Code's `microsoft-sovereign-cloud.environment` setting for this cloud (sovereign clouds only). */
  vscodeSovereignEnvironment?: 'USGovernment' | 'ChinaCloud';
}

export const AZURE_CLOUDS: Readonly<Record<AzureCloudName, AzureCloud>> = {
  AzureCloud: {
    name: 'AzureCloud',
    resourceManager: 'https://management.azure.com',
    scope: 'https://management.azure.com/.default',
    authorityHost: 'https://login.microsoftonline.com',
    portal: 'https://portal.azure.com',
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    resourceManager: 'https://management.usgovcloudapi.net',
    scope: 'https://management.usgovcloudapi.net/.default',
    authorityHost: 'https://login.microsoftonline.us',
    portal: 'https://portal.azure.us',
    vscodeSovereignEnvironment: 'USGovernment',
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    resourceManager: 'https://management.chinacloudapi.cn',
    scope: 'https://management.chinacloudapi.cn/.default',
    authorityHost: 'https://login.chinacloudapi.cn',
    portal: 'https://portal.azure.cn',
    vscodeSovereignEnvironment: 'ChinaCloud',
  },
};

/** Resolves a setting value; the error names the setting and the accepted values. */
export function resolveAzureCloud(setting: string | undefined): AzureCloud {
  const name = setting === undefined || setting === '' ? 'AzureCloud' : setting;
  const cloud = (AZURE_CLOUDS as Record<string, AzureCloud | undefined>)[name];
  if (!cloud) {
    throw new Error(`gatewayLens.azure.cloud: unknown cloud "${name}"; use one of ${Object.keys(AZURE_CLOUDS).join(', ')}`);
  }
  return cloud;
}
