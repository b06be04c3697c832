// What an Azure VPN gateway proposes and accepts in IKE/IPsec, as data with its public sources.
// Where Azure's behaviour is not public (how it picks among proposals, when exactly it starts
// a rekey), the lab's rule is this product's model and says so in `model`.
import type { ChildProposal, DhGroup, Encryption, IkeProposal, Integrity } from './algorithms';

export interface Sourced<T> {
  value: T;
  /** Microsoft Learn article (MicrosoftDocs/azure-docs path) or "model" for the product's own rule. */
  source: string;
}

export const SOURCES = {
  devices: 'https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-vpn-devices#ipsec (articles/vpn-gateway/vpn-gateway-about-vpn-devices.md, "Default IPsec/IKE parameters")',
  qmOffers: 'https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-vpn-devices#RouteBasedOffers (RouteBased VPN IPsec SA offers, initiator and responder)',
  policyAlgorithms: 'https://learn.microsoft.com/azure/vpn-gateway/ipsec-ike-policy-howto (includes/vpn-gateway-ipsec-ike-algorithm-include.md)',
  policyRequirements: 'https://learn.microsoft.com/azure/vpn-gateway/ipsec-ike-policy-howto (includes/vpn-gateway-ipsec-ike-requirements-include.md)',
  dhGroups: 'https://learn.microsoft.com/azure/vpn-gateway/ipsec-ike-policy-howto (includes/vpn-gateway-ipsec-ike-diffie-hellman-include.md)',
  policySkus: 'https://learn.microsoft.com/azure/vpn-gateway/ipsec-ike-policy-howto ("IPsec/IKE policy only works on ... VpnGw1~5 and VpnGw1AZ~5AZ, Standard and HighPerformance")',
  compliance: 'https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-compliance-crypto (IKEv1 on all SKUs but Basic; IKEv2 default main mode uses only DH group 2; IKEv1 may reconnect on main mode rekey)',
  policyBasedTs: 'https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-connect-multiple-policybased-rm-ps (usePolicyBasedTrafficSelectors)',
  model: 'Gateway Lens model (not public)',
} as const;

const sha = (e: Encryption, i: Integrity, dh: DhGroup): IkeProposal => ({ encryption: [e], integrity: [i], prf: [i], dhGroups: [dh] });
const esp = (e: Encryption, i: Integrity | null, pfs: DhGroup | null): ChildProposal => ({
  encryption: [e],
  integrity: i === null ? [] : [i],
  dhGroups: pfs === null ? [] : [pfs],
});

/**
 * IKE phase 1 / IKE SA proposals of the default policy, in Azure's order of preference. Azure
 * documents encryption and hash pairs with DH group 2; the PRF follows the hash (IKEv2).
 */
export const DEFAULT_IKE_PROPOSALS: Record<'RouteBased' | 'PolicyBased', Sourced<IkeProposal[]>> = {
  RouteBased: {
    value: [sha('aes256', 'sha1', 2), sha('aes256', 'sha256', 2), sha('aes128', 'sha1', 2), sha('aes128', 'sha256', 2), sha('3des', 'sha1', 2), sha('3des', 'sha256', 2)],
    source: SOURCES.devices,
  },
  PolicyBased: {
    value: [sha('aes256', 'sha256', 2), sha('aes256', 'sha1', 2), sha('aes128', 'sha1', 2), sha('3des', 'sha1', 2)],
    source: SOURCES.devices,
  },
};

/** RouteBased quick mode / CHILD SA offers with Azure as initiator (table "Azure Gateway as initiator"). */
export const ROUTE_BASED_CHILD_INITIATOR: Sourced<ChildProposal[]> = {
  value: [
    esp('aes256gcm16', null, null), esp('aes256', 'sha1', null), esp('3des', 'sha1', null),
    esp('aes256', 'sha256', null), esp('aes128', 'sha1', null), esp('3des', 'sha256', null),
  ],
  source: SOURCES.qmOffers,
};

/** RouteBased offers Azure accepts as responder, in its order of preference (table "Azure Gateway as responder"). */
export const ROUTE_BASED_CHILD_RESPONDER: Sourced<ChildProposal[]> = {
  value: [
    esp('aes256gcm16', null, null), esp('aes256', 'sha1', null), esp('3des', 'sha1', null), esp('aes256', 'sha256', null),
    esp('aes128', 'sha1', null), esp('3des', 'sha256', null), esp('des', 'sha1', null),
    esp('aes256', 'sha1', 1), esp('aes256', 'sha1', 2), esp('aes256', 'sha1', 14),
    esp('aes128', 'sha1', 1), esp('aes128', 'sha1', 2), esp('aes128', 'sha1', 14),
    esp('3des', 'sha1', 1), esp('3des', 'sha1', 2), esp('3des', 'sha256', 2),
    esp('aes256', 'sha256', 1), esp('aes256', 'sha256', 2), esp('aes256', 'sha256', 14),
    esp('aes256', 'sha1', 24), esp('aes256', 'sha256', 24),
    esp('aes128', 'sha256', null), esp('aes128', 'sha256', 1), esp('aes128', 'sha256', 2), esp('aes128', 'sha256', 14),
    esp('3des', 'sha1', 14),
  ],
  source: SOURCES.qmOffers,
};

/** PolicyBased quick mode: same list both ways, no PFS. */
export const POLICY_BASED_CHILD: Sourced<ChildProposal[]> = {
  value: [esp('aes256', 'sha256', null), esp('aes256', 'sha1', null), esp('aes128', 'sha1', null), esp('3des', 'sha1', null)],
  source: SOURCES.devices,
};

export interface AzureLifetimes {
  ikeSeconds: Sourced<number>;
  childSeconds: Sourced<number>;
  childKilobytes: Sourced<number>;
}

export const DEFAULT_LIFETIMES: Record<'RouteBased' | 'PolicyBased', AzureLifetimes> = {
  RouteBased: {
    ikeSeconds: { value: 28_800, source: SOURCES.devices },
    childSeconds: { value: 27_000, source: SOURCES.devices },
    childKilobytes: { value: 102_400_000, source: SOURCES.devices },
  },
  PolicyBased: {
    ikeSeconds: { value: 28_800, source: SOURCES.devices },
    childSeconds: { value: 3_600, source: SOURCES.devices },
    childKilobytes: { value: 102_400_000, source: SOURCES.devices },
  },
};

/** "IKE Main Mode SA lifetime is fixed at 28,800 seconds", custom policy or not. */
export const IKE_SA_LIFETIME_FIXED: Sourced<number> = { value: 28_800, source: SOURCES.policyRequirements };

export const DPD_TIMEOUT: { default: Sourced<number>; min: number; max: number; recommended: [number, number] } = {
  default: { value: 45, source: SOURCES.policyAlgorithms },
  min: 9,
  max: 3_600,
  recommended: [30, 45],
};

/** Custom policy quick-mode lifetime bounds (seconds, kilobytes). */
export const CUSTOM_SA_MINIMUMS = { seconds: 300, kilobytes: 1_024, source: SOURCES.policyAlgorithms } as const;

/** ARM value -> algorithm, per field of IpsecPolicy, with the values the policy article lists as supported. */
export const IKE_ENCRYPTION: Record<string, { enc: Encryption; supported: boolean }> = {
  GCMAES256: { enc: 'aes256gcm16', supported: true }, GCMAES128: { enc: 'aes128gcm16', supported: true },
  AES256: { enc: 'aes256', supported: true }, AES192: { enc: 'aes192', supported: true }, AES128: { enc: 'aes128', supported: true },
  // In ARM's enum but not in the documented IKEv2 list.
  DES3: { enc: '3des', supported: false }, DES: { enc: 'des', supported: false },
};
export const IKE_INTEGRITY: Record<string, { integ: Integrity; supported: boolean }> = {
  SHA384: { integ: 'sha384', supported: true }, SHA256: { integ: 'sha256', supported: true },
  SHA1: { integ: 'sha1', supported: true }, MD5: { integ: 'md5', supported: true },
};
export const DH_GROUP: Record<string, DhGroup | null> = {
  DHGroup24: 24, ECP384: 20, ECP256: 19, DHGroup14: 14, DHGroup2048: 14, DHGroup2: 2, DHGroup1: 1, None: null,
};
export const IPSEC_ENCRYPTION: Record<string, Encryption> = {
  GCMAES256: 'aes256gcm16', GCMAES192: 'aes192gcm16', GCMAES128: 'aes128gcm16',
  AES256: 'aes256', AES192: 'aes192', AES128: 'aes128', DES3: '3des', DES: 'des', None: 'null',
};
export const IPSEC_INTEGRITY: Record<string, Integrity | 'gcm'> = {
  GCMAES256: 'gcm', GCMAES192: 'gcm', GCMAES128: 'gcm', SHA256: 'sha256', SHA1: 'sha1', MD5: 'md5',
};
/** PFSMM ("same as main mode") is in ARM's enum; it is read as the policy's DH group (model). */
export const PFS_GROUP: Record<string, DhGroup | null | 'mm'> = {
  PFS24: 24, ECP384: 20, ECP256: 19, PFS2048: 14, PFS14: 14, PFS2: 2, PFS1: 1, None: null, PFSMM: 'mm',
};

/** SKUs on which a custom ipsecPolicies entry is honoured (ipsec-ike-policy-howto). */
export function skuSupportsCustomPolicy(sku: string): boolean {
  return /^(VpnGw[1-5](AZ)?|Standard|HighPerformance)$/i.test(sku);
}

/** IKEv1 on route-based gateways is allowed on every SKU except Basic (compliance-crypto). */
export function skuSupportsIkev1RouteBased(sku: string): boolean {
  return !/^Basic$/i.test(sku);
}
