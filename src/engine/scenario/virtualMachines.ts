// Lab VMs (probe sources) and their primary NICs: from the scenario's `virtualMachines`, or by
// default one VM per probe source address and one at .4 of every other subnet but GatewaySubnet,
// so every lab has NICs whose effective routes and next hops the ARM endpoint can serve.
import type { ScenarioIssue } from './validationError';
import type { ProbeSpec, ScenarioVirtualMachine, ScenarioVirtualNetwork } from './types';
import { tryParsePrefix } from '../../model/prefix';

/** IPv4 as an unsigned number; undefined when it is not a dotted quad. */
function parseIpv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const o = m.slice(1).map(Number);
  return o.some((x) => x > 255) ? undefined : ((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0;
}

function parseIpv4Prefix(text: string): { ok: true; prefix: { network: number; length: number } } | { ok: false } {
  const p = tryParsePrefix(text, { maskHostBits: true });
  return p && p.family === 4 ? { ok: true, prefix: { network: p.words[0]!, length: p.length } } : { ok: false };
}

function prefixContains(prefix: { network: number; length: number }, address: number): boolean {
  const mask = prefix.length === 0 ? 0 : (~0 << (32 - prefix.length)) >>> 0;
  return ((address & mask) >>> 0) === prefix.network;
}

function ipString(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** Lower-case name safe in a resource id: "vm-10-10-1-4". */
function vmNameFor(address: string): string {
  return `vm-${address.replace(/\./g, '-')}`;
}

export function resolveVirtualMachines(
  vnet: ScenarioVirtualNetwork,
  given: { name: string; subnet: string; privateIpAddress?: string }[] | undefined,
  probes: readonly ProbeSpec[],
  file: string,
  issues: ScenarioIssue[],
): ScenarioVirtualMachine[] {
  const subnets = vnet.subnets.map((s) => ({ name: s.name, prefix: parseIpv4Prefix(s.addressPrefix) }));
  const subnetOf = (address: number): string | undefined =>
    subnets.find((s) => s.prefix.ok && prefixContains(s.prefix.prefix, address))?.name;
  const out: ScenarioVirtualMachine[] = [];
  if (given) {
    const names = new Set<string>();
    const used = new Set<string>();
    given.forEach((vm, i) => {
      const path = `$.topology.virtualMachines[${i}]`;
      if (names.has(vm.name)) issues.push({ file, path: `${path}.name`, message: `duplicate VM name "${vm.name}"` });
      names.add(vm.name);
      const subnet = subnets.find((s) => s.name === vm.subnet);
      if (!subnet || !subnet.prefix.ok) {
        issues.push({ file, path: `${path}.subnet`, message: `unknown subnet "${vm.subnet}" (subnets: ${subnets.map((s) => s.name).join(', ')})` });
        return;
      }
      let address = vm.privateIpAddress;
      if (address === undefined) {
        let n = subnet.prefix.prefix.network + 4;
        while (used.has(ipString(n))) n++;
        address = ipString(n);
      }
      const a = parseIpv4(address);
      if (a === undefined || !prefixContains(subnet.prefix.prefix, a)) {
        issues.push({ file, path: `${path}.privateIpAddress`, message: `"${address}" is not an address in subnet "${vm.subnet}" (${subnet.name})` });
        return;
      }
      if (used.has(address)) issues.push({ file, path: `${path}.privateIpAddress`, message: `address ${address} is used by another VM` });
      used.add(address);
      out.push({ name: vm.name, subnet: vm.subnet, privateIpAddress: address });
    });
    return out;
  }
  const seen = new Set<string>();
  for (const p of probes) {
    const a = parseIpv4(p.from);
    const subnet = a === undefined ? undefined : subnetOf(a);
    if (!subnet || seen.has(p.from)) continue;
    seen.add(p.from);
    out.push({ name: vmNameFor(p.from), subnet, privateIpAddress: p.from });
  }
  for (const s of subnets) {
    if (s.name === 'GatewaySubnet' || !s.prefix.ok || out.some((vm) => vm.subnet === s.name)) continue;
    const address = ipString(s.prefix.prefix.network + 4);
    out.push({ name: vmNameFor(address), subnet: s.name, privateIpAddress: address });
  }
  return out;
}
