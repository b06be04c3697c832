// Azure's side of one IPsec connection: what it proposes as initiator, accepts as responder,
// and its timers, built from the connection's ARM settings and the gateway's type and SKU.
import type { ChildProposal, DhGroup, IkeProposal } from './algorithms';
import type { IpsecPolicy, TrafficSelectorPolicy, VirtualNetworkGatewayConnection } from '../../model/arm';
import {
  CUSTOM_SA_MINIMUMS, DEFAULT_IKE_PROPOSALS, DEFAULT_LIFETIMES, DH_GROUP, DPD_TIMEOUT, IKE_ENCRYPTION, IKE_INTEGRITY,
  IKE_SA_LIFETIME_FIXED, IPSEC_ENCRYPTION, IPSEC_INTEGRITY, PFS_GROUP, POLICY_BASED_CHILD, ROUTE_BASED_CHILD_INITIATOR,
  ROUTE_BASED_CHILD_RESPONDER, SOURCES, skuSupportsCustomPolicy, skuSupportsIkev1RouteBased,
} from './azureIkeData';

export type AzureConnectionIke = Pick<
  VirtualNetworkGatewayConnection,
  'name' | 'connectionProtocol' | 'ipsecPolicies' | 'usePolicyBasedTrafficSelectors' | 'trafficSelectorPolicies' | 'connectionMode' | 'dpdTimeoutSeconds'
>;

export interface AzureSideInput {
  connection: AzureConnectionIke;
  vpnType?: 'RouteBased' | 'PolicyBased';
  sku?: string;
  /** The virtual network's address space (Azure's local traffic selectors when policy-based). */
  vnetPrefixes?: string[];
  /** The local network gateway's prefixes (Azure's remote traffic selectors when policy-based). */
  sitePrefixes?: string[];
}

export interface AzureConfigProblem {
  severity: 'error' | 'warning';
  title: string;
  detail: string;
  source: string;
}

export interface AzureIkeSide {
  connectionName: string;
  vpnType: 'RouteBased' | 'PolicyBased';
  sku: string;
  ikeVersion: 1 | 2;
  /** True when a custom ipsecPolicies entry is in force (Azure sends and accepts only it). */
  custom: boolean;
  ikeInitiator: IkeProposal[];
  ikeResponder: IkeProposal[];
  childInitiator: ChildProposal[];
  childResponder: ChildProposal[];
  ikeLifetimeSeconds: number;
  childLifetimeSeconds: number;
  childLifetimeKilobytes: number;
  /** Policy-based traffic selectors: Azure proposes these pairs; route-based: any-to-any. */
  policyBasedSelectors: boolean;
  selectorPairs: TrafficSelectorPolicy[];
  connectionMode: 'Default' | 'InitiatorOnly' | 'ResponderOnly';
  initiates: boolean;
  responds: boolean;
  dpdTimeoutSeconds: number;
  dpdSupported: boolean;
  problems: AzureConfigProblem[];
  /** Where each default came from (field -> source). */
  sources: Record<string, string>;
}

function customProposals(p: IpsecPolicy, ikeVersion: 1 | 2, problems: AzureConfigProblem[]): { ike: IkeProposal; child: ChildProposal } | undefined {
  const bad = (title: string, detail: string): undefined => {
    problems.push({ severity: 'error', title, detail, source: SOURCES.policyAlgorithms });
    return undefined;
  };
  const ikeEnc = IKE_ENCRYPTION[p.ikeEncryption];
  if (!ikeEnc) return bad(`ikeEncryption "${p.ikeEncryption}" is not an Azure value`, `one of ${Object.keys(IKE_ENCRYPTION).join(', ')}`);
  if (!ikeEnc.supported) problems.push({ severity: 'warning', title: `ikeEncryption ${p.ikeEncryption} is not in the documented custom policy list`, detail: 'documented: GCMAES256, GCMAES128, AES256, AES192, AES128', source: SOURCES.policyAlgorithms });
  if (ikeEnc.enc.endsWith('gcm16') && ikeVersion === 1) return bad(`ikeEncryption ${p.ikeEncryption} needs IKEv2`, 'GCM for the IKE SA exists only in IKEv2 (RFC 5282); use AES with IKEv1');
  const ikeInteg = IKE_INTEGRITY[p.ikeIntegrity];
  if (!ikeInteg) return bad(`ikeIntegrity "${p.ikeIntegrity}" is not supported`, `one of ${Object.keys(IKE_INTEGRITY).join(', ')}`);
  if (!(p.dhGroup in DH_GROUP)) return bad(`dhGroup "${p.dhGroup}" is not an Azure value`, `one of ${Object.keys(DH_GROUP).join(', ')}`);
  const dh = DH_GROUP[p.dhGroup];
  if (dh === null || dh === undefined) return bad('dhGroup None cannot key an IKE SA', 'the IKE SA always needs a Diffie-Hellman exchange; pick DHGroup14 or stronger');
  const enc = IPSEC_ENCRYPTION[p.ipsecEncryption];
  if (!enc) return bad(`ipsecEncryption "${p.ipsecEncryption}" is not an Azure value`, `one of ${Object.keys(IPSEC_ENCRYPTION).join(', ')}`);
  const integ = IPSEC_INTEGRITY[p.ipsecIntegrity];
  if (!integ) return bad(`ipsecIntegrity "${p.ipsecIntegrity}" is not an Azure value`, `one of ${Object.keys(IPSEC_INTEGRITY).join(', ')}`);
  const gcmEnc = p.ipsecEncryption.startsWith('GCMAES');
  if ((gcmEnc || integ === 'gcm') && p.ipsecEncryption !== p.ipsecIntegrity) {
    return bad(`ipsecEncryption ${p.ipsecEncryption} with ipsecIntegrity ${p.ipsecIntegrity}`, 'with GCMAES the same GCMAES algorithm and key length must be set for both IPsec encryption and integrity');
  }
  if (!(p.pfsGroup in PFS_GROUP)) return bad(`pfsGroup "${p.pfsGroup}" is not an Azure value`, `one of ${Object.keys(PFS_GROUP).join(', ')}`);
  const pfsRaw = PFS_GROUP[p.pfsGroup];
  const pfs: DhGroup | null = pfsRaw === 'mm' ? dh : (pfsRaw ?? null);
  if (p.saLifeTimeSeconds < CUSTOM_SA_MINIMUMS.seconds) return bad(`saLifeTimeSeconds ${p.saLifeTimeSeconds} is below ${CUSTOM_SA_MINIMUMS.seconds}`, 'Azure refuses shorter quick mode lifetimes');
  if (p.saDataSizeKilobytes < CUSTOM_SA_MINIMUMS.kilobytes) return bad(`saDataSizeKilobytes ${p.saDataSizeKilobytes} is below ${CUSTOM_SA_MINIMUMS.kilobytes}`, 'Azure refuses smaller quick mode volume lifetimes');
  const ikeAead = ikeEnc.enc.endsWith('gcm16');
  return {
    ike: { encryption: [ikeEnc.enc], integrity: ikeAead ? [] : [ikeInteg.integ], prf: [ikeInteg.integ], dhGroups: [dh] },
    child: { encryption: [enc], integrity: integ === 'gcm' ? [] : [integ], dhGroups: pfs === null ? [] : [pfs] },
  };
}

/** Builds Azure's side; configuration errors (an unusable custom policy) land in `problems`. */
export function azureIkeSide(input: AzureSideInput): AzureIkeSide {
  const c = input.connection;
  const vpnType = input.vpnType ?? 'RouteBased';
  const sku = input.sku ?? 'VpnGw1';
  const problems: AzureConfigProblem[] = [];
  const sources: Record<string, string> = {};
  let ikeVersion: 1 | 2 = c.connectionProtocol === 'IKEv1' ? 1 : 2;
  if (vpnType === 'PolicyBased') {
    if (c.connectionProtocol === 'IKEv2') problems.push({ severity: 'warning', title: 'A policy-based gateway speaks IKEv1 only', detail: 'connectionProtocol IKEv2 is ignored on a PolicyBased gateway', source: SOURCES.devices });
    ikeVersion = 1;
  } else if (ikeVersion === 1 && !skuSupportsIkev1RouteBased(sku)) {
    problems.push({ severity: 'error', title: `IKEv1 is not available on a route-based ${sku} gateway`, detail: 'use IKEv2 or a VpnGw SKU', source: SOURCES.compliance });
  }
  const lifetimes = DEFAULT_LIFETIMES[vpnType];
  let ikeInitiator = DEFAULT_IKE_PROPOSALS[vpnType].value;
  let ikeResponder = ikeInitiator;
  let childInitiator = vpnType === 'RouteBased' ? ROUTE_BASED_CHILD_INITIATOR.value : POLICY_BASED_CHILD.value;
  let childResponder = vpnType === 'RouteBased' ? ROUTE_BASED_CHILD_RESPONDER.value : POLICY_BASED_CHILD.value;
  let childSeconds = lifetimes.childSeconds.value;
  let childKb = lifetimes.childKilobytes.value;
  sources['ikeProposals'] = DEFAULT_IKE_PROPOSALS[vpnType].source;
  sources['childProposals'] = vpnType === 'RouteBased' ? ROUTE_BASED_CHILD_INITIATOR.source : POLICY_BASED_CHILD.source;
  sources['lifetimes'] = lifetimes.childSeconds.source;
  sources['ikeLifetime'] = IKE_SA_LIFETIME_FIXED.source;
  let custom = false;
  const policies = c.ipsecPolicies ?? [];
  if (policies.length > 1) problems.push({ severity: 'error', title: `${policies.length} ipsecPolicies on one connection`, detail: 'only one policy combination can be specified for a given connection', source: SOURCES.policyAlgorithms });
  if (policies.length >= 1) {
    if (vpnType === 'PolicyBased' || !skuSupportsCustomPolicy(sku)) {
      problems.push({ severity: 'error', title: `Custom IPsec/IKE policy is not available on ${vpnType === 'PolicyBased' ? 'a policy-based gateway' : `SKU ${sku}`}`, detail: 'custom policies work on VpnGw1-5, VpnGw1AZ-5AZ, Standard and HighPerformance route-based gateways', source: SOURCES.policySkus });
    } else {
      const built = customProposals(policies[0]!, ikeVersion, problems);
      if (built) {
        custom = true;
        ikeInitiator = ikeResponder = [built.ike];
        childInitiator = childResponder = [built.child];
        childSeconds = policies[0]!.saLifeTimeSeconds;
        childKb = policies[0]!.saDataSizeKilobytes;
        sources['ikeProposals'] = sources['childProposals'] = sources['lifetimes'] = SOURCES.policyRequirements;
      }
    }
  }
  const mode = c.connectionMode ?? 'Default';
  const dpd = c.dpdTimeoutSeconds ?? DPD_TIMEOUT.default.value;
  if (dpd < DPD_TIMEOUT.min || dpd > DPD_TIMEOUT.max) problems.push({ severity: 'error', title: `dpdTimeoutSeconds ${dpd} is outside ${DPD_TIMEOUT.min}-${DPD_TIMEOUT.max}`, detail: 'Azure refuses the value', source: SOURCES.policyAlgorithms });
  else if (dpd < DPD_TIMEOUT.recommended[0]) problems.push({ severity: 'warning', title: `DPD timeout ${dpd} s is shorter than the recommended 30-45 s`, detail: 'a short timeout makes IKE rekey aggressively and the connection can appear disconnected on lossy or distant links', source: SOURCES.policyRequirements });
  const policyBasedSelectors = vpnType === 'PolicyBased' || c.usePolicyBasedTrafficSelectors === true;
  let selectorPairs: TrafficSelectorPolicy[];
  if (c.trafficSelectorPolicies && c.trafficSelectorPolicies.length > 0) selectorPairs = c.trafficSelectorPolicies;
  else if (policyBasedSelectors) selectorPairs = [{ localAddressRanges: input.vnetPrefixes ?? [], remoteAddressRanges: input.sitePrefixes ?? [] }];
  else selectorPairs = [{ localAddressRanges: ['0.0.0.0/0'], remoteAddressRanges: ['0.0.0.0/0'] }];
  return {
    connectionName: c.name,
    vpnType,
    sku,
    ikeVersion,
    custom,
    ikeInitiator,
    ikeResponder,
    childInitiator,
    childResponder,
    ikeLifetimeSeconds: IKE_SA_LIFETIME_FIXED.value,
    childLifetimeSeconds: childSeconds,
    childLifetimeKilobytes: childKb,
    policyBasedSelectors,
    selectorPairs,
    connectionMode: mode,
    initiates: mode !== 'ResponderOnly',
    responds: mode !== 'InitiatorOnly',
    dpdTimeoutSeconds: dpd,
    dpdSupported: vpnType === 'RouteBased',
    problems,
    sources,
  };
}
