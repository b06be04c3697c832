// The KQL Gateway Lens sends to Log Analytics for a gateway's history. Optional columns go through
// column_ifexists, so a workspace where some of them never arrived still answers (documented
// queries fail there with "Failed to resolve scalar expression"); the client says which are missing.
import type { DiagnosticCategory } from '../../model/gatewayHistory';

/** Columns without which the rows mean nothing (always present once any gateway log arrived). */
export const REQUIRED_COLUMNS = ['TimeGenerated', 'Category', 'OperationName', 'ResourceId'] as const;
/** Columns read when present. */
export const OPTIONAL_COLUMNS = ['Resource', 'ResourceGroup', 'Level', 'Message', 'instance_s', 'remoteIP_s', 'localIP_s', 'status_s', 'stateChangeReason_s', 'connectionName_s', 'peerAddress_s'] as const;

export const SCHEMA_QUERY = 'AzureDiagnostics | getschema';

/** A KQL string literal (double quotes, backslash escapes). */
export function kqlString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function categoryFilter(categories: readonly DiagnosticCategory[]): string {
  return `where Category in (${categories.map(kqlString).join(', ')})`;
}

function ifExists(columns: readonly string[]): string {
  return `extend ${columns.map((c) => `${c} = column_ifexists(${kqlString(c)}, "")`).join(', ')}`;
}

export function binsQuery(gatewayId: string, categories: readonly DiagnosticCategory[], binSeconds: number): string {
  return [
    'AzureDiagnostics',
    `where ResourceId =~ ${kqlString(gatewayId)}`,
    categoryFilter(categories),
    ifExists(['instance_s']),
    `summarize count() by bin(TimeGenerated, ${binSeconds}s), Category, OperationName, instance_s`,
  ].join('\n| ');
}

export function rowsQuery(gatewayId: string, categories: readonly DiagnosticCategory[], from: Date, to: Date, limit: number): string {
  return [
    'AzureDiagnostics',
    `where ResourceId =~ ${kqlString(gatewayId)}`,
    categoryFilter(categories),
    `where TimeGenerated between (datetime(${from.toISOString()}) .. datetime(${to.toISOString()}))`,
    ifExists(OPTIONAL_COLUMNS),
    `project ${['TimeGenerated', 'Category', 'OperationName', 'ResourceId', ...OPTIONAL_COLUMNS].join(', ')}`,
    'order by TimeGenerated asc',
    `take ${limit}`,
  ].join('\n| ');
}

/** Resource-specific destination: one table per category (its name and columns are this product's model; Azure does not document them for virtual network gateways). */
export function resourceSpecificQuery(category: DiagnosticCategory, gatewayId: string, limit: number): string {
  const optional = ['Instance', 'RemoteIP', 'LocalIP', 'Status', 'StateChangeReason', 'Message', 'Level'];
  return [
    category,
    `where _ResourceId =~ ${kqlString(gatewayId)}`,
    ifExists(optional),
    `project TimeGenerated, OperationName, _ResourceId, ${optional.join(', ')}`,
    'order by TimeGenerated asc',
    `take ${limit}`,
  ].join('\n| ');
}
