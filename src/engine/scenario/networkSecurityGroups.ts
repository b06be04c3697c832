// Scenario NSGs: references (subnets, VMs), Azure's limits (priority 100-4096, unique per
// direction, at most one NSG per subnet or NIC, none on GatewaySubnet) and address prefixes,
// checked after the VMs are known; defaults filled in.
import type { ScenarioIssue } from './validationError';
import type { ScenarioNetworkSecurityGroup, ScenarioSecurityRule, ScenarioVirtualMachine, ScenarioVirtualNetwork } from './types';
import { tryParsePrefix } from '../../model/prefix';
import { SECURITY_TAGS } from '../../model/networkSecurity';

export interface RawNetworkSecurityGroup {
  name: string;
  subnets?: string[];
  virtualMachines?: string[];
  securityRules?: (Omit<ScenarioSecurityRule, 'protocol' | 'sourceAddressPrefix' | 'destinationAddressPrefix'> & Partial<Pick<ScenarioSecurityRule, 'protocol' | 'sourceAddressPrefix' | 'destinationAddressPrefix'>>)[];
}

function addressOk(text: string): boolean {
  if (text === '*' || (SECURITY_TAGS as readonly string[]).includes(text)) return true;
  const p = tryParsePrefix(text.includes('/') ? text : `${text}/32`);
  return p !== undefined && p.family === 4;
}

export function resolveNetworkSecurityGroups(
  vnet: ScenarioVirtualNetwork,
  given: RawNetworkSecurityGroup[] | undefined,
  vms: readonly ScenarioVirtualMachine[],
  file: string,
  issues: ScenarioIssue[],
): ScenarioNetworkSecurityGroup[] | undefined {
  if (!given) return undefined;
  const add = (path: string, message: string): void => void issues.push({ file, path, message });
  const names = new Map<string, number>();
  const subnetOwner = new Map<string, string>();
  const nicOwner = new Map<string, string>();
  return given.map((g, i) => {
    const path = `$.topology.networkSecurityGroups[${i}]`;
    const first = names.get(g.name);
    if (first !== undefined) add(`${path}.name`, `duplicate NSG name "${g.name}" (first defined at $.topology.networkSecurityGroups[${first}])`);
    else names.set(g.name, i);
    (g.subnets ?? []).forEach((s, j) => {
      const p = `${path}.subnets[${j}]`;
      if (s === 'GatewaySubnet') add(p, 'an NSG on GatewaySubnet is not supported for virtual network gateways (Azure); put it on the workload subnets');
      else if (!vnet.subnets.some((x) => x.name === s)) add(p, `unknown subnet "${s}" (subnets: ${vnet.subnets.map((x) => x.name).join(', ')})`);
      else if (subnetOwner.has(s)) add(p, `subnet "${s}" already has NSG "${subnetOwner.get(s)}" (Azure allows one NSG per subnet)`);
      else subnetOwner.set(s, g.name);
    });
    (g.virtualMachines ?? []).forEach((v, j) => {
      const p = `${path}.virtualMachines[${j}]`;
      if (!vms.some((x) => x.name === v)) add(p, `unknown VM "${v}" (VMs: ${vms.map((x) => x.name).join(', ') || 'none'})`);
      else if (nicOwner.has(v)) add(p, `VM "${v}"'s NIC already has NSG "${nicOwner.get(v)}" (Azure allows one NSG per NIC)`);
      else nicOwner.set(v, g.name);
    });
    const priorities = new Map<string, string>();
    const ruleNames = new Set<string>();
    const securityRules: ScenarioSecurityRule[] = (g.securityRules ?? []).map((r, j) => {
      const p = `${path}.securityRules[${j}]`;
      if (ruleNames.has(r.name)) add(`${p}.name`, `duplicate rule name "${r.name}" in NSG "${g.name}"`);
      ruleNames.add(r.name);
      const key = `${r.direction}/${r.priority}`;
      if (priorities.has(key)) add(`${p}.priority`, `priority ${r.priority} is already used by ${r.direction} rule "${priorities.get(key)}" (Azure requires unique priorities per direction)`);
      else priorities.set(key, r.name);
      const rule: ScenarioSecurityRule = { ...r, protocol: r.protocol ?? '*', sourceAddressPrefix: r.sourceAddressPrefix ?? '*', destinationAddressPrefix: r.destinationAddressPrefix ?? '*' };
      for (const field of ['sourceAddressPrefix', 'destinationAddressPrefix'] as const) {
        if (!addressOk(rule[field])) add(`${p}.${field}`, `"${rule[field]}" is not an IPv4 CIDR, address, "*" or a service tag (${SECURITY_TAGS.join(', ')})`);
      }
      return rule;
    });
    return { name: g.name, subnets: g.subnets ?? [], virtualMachines: g.virtualMachines ?? [], securityRules };
  });
}
