// Effective network security groups: ARM's EffectiveNetworkSecurityGroup shape (what
// networkInterfaces/effectiveNetworkSecurityGroups returns), Azure's documented default rules,
// and the evaluation of one packet against them. Pure: the lab (probes, ARM endpoint) and the
// route path tracer share it, so a probe and a trace decide with the same rule.
import { parseAddress, tryParsePrefix, prefixContainsAddress, type IpFamily } from './prefix';

export type SecurityAccess = 'Allow' | 'Deny';
export type SecurityDirection = 'Inbound' | 'Outbound';

/** ARM's EffectiveNetworkSecurityRule (flattened as the SDK models it). */
export interface EffectiveSecurityRule {
  /** "securityRules/<name>" or "defaultSecurityRules/<name>", as Azure names them. */
  name: string;
  /** Tcp | Udp | Icmp | All ... (verbatim). */
  protocol: string;
  sourcePortRange: string;
  destinationPortRange: string;
  sourceAddressPrefix: string;
  destinationAddressPrefix: string;
  /** A service tag's prefixes (VirtualNetwork...), as Azure expands them; empty when not a tag. */
  expandedSourceAddressPrefix: string[];
  expandedDestinationAddressPrefix: string[];
  access: string;
  priority: number;
  direction: string;
}

/** ARM's EffectiveNetworkSecurityGroup: one NSG and what it is associated with. */
export interface EffectiveNetworkSecurityGroup {
  networkSecurityGroup?: { id: string };
  association?: { subnet?: { id: string }; networkInterface?: { id: string } };
  effectiveSecurityRules: EffectiveSecurityRule[];
}

/** Where the default rules are documented (carried in the data, DESIGN.md). */
export const DEFAULT_RULES_SOURCE = 'https://learn.microsoft.com/en-us/azure/virtual-network/network-security-groups-overview#default-security-rules';
/** Where the VirtualNetwork service tag's contents are documented. */
export const VIRTUAL_NETWORK_TAG_SOURCE = 'https://learn.microsoft.com/en-us/azure/virtual-network/service-tags-overview#available-service-tags';
/** Azure's load balancer health probe source (the AzureLoadBalancer tag as a NIC sees it). */
const AZURE_LOAD_BALANCER = '168.63.129.16/32';

/** The service tags the lab expands (others are passed through verbatim and never match). */
export const SECURITY_TAGS = ['VirtualNetwork', 'Internet', 'AzureLoadBalancer'] as const;

function rule(name: string, direction: SecurityDirection, priority: number, access: SecurityAccess, src: string, dst: string, vnetTag: readonly string[]): EffectiveSecurityRule {
  const expand = (p: string): string[] => (p === 'VirtualNetwork' ? [...vnetTag] : p === 'AzureLoadBalancer' ? [AZURE_LOAD_BALANCER] : []);
  return {
    name: `defaultSecurityRules/${name}`,
    protocol: 'All',
    sourcePortRange: '0-65535',
    destinationPortRange: '0-65535',
    sourceAddressPrefix: src,
    destinationAddressPrefix: dst,
    expandedSourceAddressPrefix: expand(src),
    expandedDestinationAddressPrefix: expand(dst),
    access,
    priority,
    direction,
  };
}

/**
 * Azure's default rules of every NSG (DEFAULT_RULES_SOURCE), with the VirtualNetwork tag expanded
 * to `vnetTag`: the VNet's address space, peered VNets' and the on-premises prefixes the gateway
 * learned (VIRTUAL_NETWORK_TAG_SOURCE).
 */
export function defaultSecurityRules(vnetTag: readonly string[]): EffectiveSecurityRule[] {
  return [
    rule('AllowVnetInBound', 'Inbound', 65000, 'Allow', 'VirtualNetwork', 'VirtualNetwork', vnetTag),
    rule('AllowAzureLoadBalancerInBound', 'Inbound', 65001, 'Allow', 'AzureLoadBalancer', '0.0.0.0/0', vnetTag),
    rule('DenyAllInBound', 'Inbound', 65500, 'Deny', '0.0.0.0/0', '0.0.0.0/0', vnetTag),
    rule('AllowVnetOutBound', 'Outbound', 65000, 'Allow', 'VirtualNetwork', 'VirtualNetwork', vnetTag),
    rule('AllowInternetOutBound', 'Outbound', 65001, 'Allow', '0.0.0.0/0', 'Internet', vnetTag),
    rule('DenyAllOutBound', 'Outbound', 65500, 'Deny', '0.0.0.0/0', '0.0.0.0/0', vnetTag),
  ];
}

function inPrefixes(prefixes: readonly string[], family: IpFamily, words: number[]): boolean {
  return prefixes.some((text) => {
    const p = tryParsePrefix(text.includes('/') ? text : `${text}/${family === 4 ? 32 : 128}`, { maskHostBits: true });
    return p !== undefined && prefixContainsAddress(p, family, words);
  });
}

/** Does an address match a rule's prefix (with its expansion)? `vnetTag` decides Internet (everything outside it). */
function matchesAddress(prefix: string, expanded: readonly string[], address: string, vnetTag: readonly string[]): boolean {
  const { family, words } = parseAddress(address);
  if (prefix === '*' || prefix === 'Any') return true;
  if (prefix === 'Internet') return expanded.length > 0 ? inPrefixes(expanded, family, words) : !inPrefixes(vnetTag, family, words);
  if (expanded.length > 0) return inPrefixes(expanded, family, words);
  return inPrefixes(prefix.split(',').map((p) => p.trim()), family, words);
}

/** A probe is ICMP-like: rules for Tcp/Udp only do not apply to it. */
function matchesProtocol(protocol: string): boolean {
  return ['all', '*', 'icmp'].includes(protocol.toLowerCase());
}

export interface SecurityDecision {
  access: SecurityAccess;
  rule: EffectiveSecurityRule;
  /** The NSG that decided (its id), when known. */
  nsg?: string;
}

/** The first rule (lowest priority number) of one NSG that matches the packet in that direction. */
export function decideByGroup(rules: readonly EffectiveSecurityRule[], direction: SecurityDirection, from: string, to: string, vnetTag: readonly string[]): EffectiveSecurityRule | undefined {
  return [...rules]
    .filter((r) => r.direction.toLowerCase() === direction.toLowerCase() && matchesProtocol(r.protocol))
    .sort((a, b) => a.priority - b.priority)
    .find((r) => matchesAddress(r.sourceAddressPrefix, r.expandedSourceAddressPrefix, from, vnetTag) && matchesAddress(r.destinationAddressPrefix, r.expandedDestinationAddressPrefix, to, vnetTag));
}

/** The VirtualNetwork tag's prefixes as one NSG's default rules carry them. */
export function vnetTagOf(groups: readonly EffectiveNetworkSecurityGroup[]): string[] {
  for (const g of groups) {
    const r = g.effectiveSecurityRules.find((x) => x.sourceAddressPrefix === 'VirtualNetwork' && x.expandedSourceAddressPrefix.length > 0);
    if (r) return r.expandedSourceAddressPrefix;
  }
  return [];
}

/**
 * A packet through a NIC's effective NSGs in one direction. Every associated NSG must allow it
 * (outbound: the NIC's NSG, then the subnet's; inbound: the subnet's, then the NIC's, as Azure
 * documents); the first Deny decides, else the last Allow. No NSG at all: allowed with no rule.
 */
export function evaluateSecurity(groups: readonly EffectiveNetworkSecurityGroup[], direction: SecurityDirection, from: string, to: string): SecurityDecision | undefined {
  const vnetTag = vnetTagOf(groups);
  const nicFirst = [...groups].sort((a, b) => Number(b.association?.networkInterface !== undefined) - Number(a.association?.networkInterface !== undefined));
  const ordered = direction === 'Outbound' ? nicFirst : nicFirst.reverse();
  let last: SecurityDecision | undefined;
  for (const g of ordered) {
    const r = decideByGroup(g.effectiveSecurityRules, direction, from, to, vnetTag);
    // An NSG whose rules match nothing (only possible without default rules) decides nothing.
    if (!r) continue;
    const d: SecurityDecision = { access: r.access.toLowerCase() === 'deny' ? 'Deny' : 'Allow', rule: r, ...(g.networkSecurityGroup ? { nsg: g.networkSecurityGroup.id } : {}) };
    if (d.access === 'Deny') return d;
    last = d;
  }
  return last;
}
