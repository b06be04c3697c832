// ASN rules from Azure's documentation (DESIGN.md): which numbers a customer peer may not use.

/** Default ASN of Azure VPN and ExpressRoute gateways. */
export const DEFAULT_GATEWAY_ASN = 65515;
/** ASN of the Microsoft Enterprise Edge routers (MSEE) an ExpressRoute circuit peers with. */
export const MICROSOFT_EDGE_ASN = 12076;

/** Reserved by Azure: a site (local network gateway) may not use them. */
export const AZURE_RESERVED_ASNS: readonly number[] = [8074, 8075, 12076, 65515, 65517, 65518, 65519, 65520];

/** Reserved by IANA, also refused by Azure: [first, last] inclusive. */
export const IANA_RESERVED_ASN_RANGES: readonly (readonly [number, number])[] = [
  [23456, 23456],
  [64496, 64511],
  [65535, 65551],
];

const MAX_ASN = 4294967295;

/** Why a customer peer may not use `asn`, or undefined when it may. */
export function reservedAsnReason(asn: number): string | undefined {
  if (AZURE_RESERVED_ASNS.includes(asn)) return `ASN ${asn} is reserved by Azure (reserved: ${AZURE_RESERVED_ASNS.join(', ')})`;
  for (const [lo, hi] of IANA_RESERVED_ASN_RANGES) {
    if (asn >= lo && asn <= hi) return `ASN ${asn} is reserved by IANA (${lo === hi ? lo : `${lo}-${hi}`})`;
  }
  return undefined;
}

/** Whether `asn` is a syntactically valid 2- or 4-byte ASN; the message says what is wrong and where. */
export function asnError(asn: unknown, where: string): string | undefined {
  if (typeof asn !== 'number' || !Number.isInteger(asn) || asn < 1 || asn >= MAX_ASN) {
    return `${where}: ASN must be an integer 1-${MAX_ASN - 1} (got ${JSON.stringify(asn)})`;
  }
  return undefined;
}
