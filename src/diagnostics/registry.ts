// Every rule, in the order they are listed; add a rule by adding its module here.
import type { DiagnosticRule } from './rule';
import { ASN_CONFLICT, asnProblems, RESERVED_ASN } from './rules/asnProblems';
import { BGP_PEER_NOT_CONNECTED, BGP_PEER_STUCK_CONNECTING, bgpPeerNotConnected } from './rules/bgpPeerNotConnected';
import { COEXISTENCE_BGP_BREAK, coexistenceBgpBreak } from './rules/coexistenceBgpBreak';
import { COEXISTENCE_PREREQUISITES, coexistencePrerequisites } from './rules/coexistencePrerequisites';
import { CONNECTION_NOT_CONNECTED, connectionNotConnected, TUNNEL_DOWN } from './rules/connectionNotConnected';
import { DATA_NOT_FETCHED, dataNotFetched } from './rules/dataNotFetched';
import { ER_S2S_IDENTICAL, erVsS2sPrefixes, S2S_MORE_SPECIFIC } from './rules/erVsS2sPrefixes';
import { FAILOVER, failover } from './rules/failover';
import { IKE_MISMATCH, IKE_POLICY_INVALID, IKE_REKEY_DROPS, ikeMismatch } from './rules/ikeMismatch';
import { ONPREM_OVERLAP, onPremOverlap } from './rules/onPremOverlap';
import { PREFIX_LIMIT, prefixLimit } from './rules/prefixLimit';
import { SPLIT_BRAIN, splitBrain } from './rules/splitBrain';
import { ER_PATH_ASYMMETRY, erPathAsymmetry } from './rules/erPathAsymmetry';
import { LNG_BGP_PEER_NOT_COVERED, lngBgpPeerNotCovered } from './rules/lngBgpPeerNotCovered';
import { UDR_INVALIDATES_ROUTES, udrInvalidatesRoutes } from './rules/udrInvalidatesRoutes';
import { POLICY_BASED_SELECTORS, policyBasedSelectors } from './rules/policyBasedSelectors';
import { checkedDeviceConfig, IKE_DEVICE_CONFIG_MISMATCH } from './rules/checkedDeviceConfig';

export const RULES: readonly DiagnosticRule[] = [
  coexistenceBgpBreak,
  connectionNotConnected,
  ikeMismatch,
  bgpPeerNotConnected,
  prefixLimit,
  asnProblems,
  onPremOverlap,
  erVsS2sPrefixes,
  failover,
  splitBrain,
  coexistencePrerequisites,
  udrInvalidatesRoutes,
  erPathAsymmetry,
  lngBgpPeerNotCovered,
  policyBasedSelectors,
  checkedDeviceConfig,
  dataNotFetched,
];

/**
 * Every ruleId a finding can carry (a rule may report several kinds): what a scenario's
 * "findings" expectation may name (schemas/gwlab.schema.json lists the same; a test compares).
 */
export const FINDING_RULE_IDS: readonly string[] = [
  COEXISTENCE_BGP_BREAK,
  CONNECTION_NOT_CONNECTED,
  TUNNEL_DOWN,
  BGP_PEER_NOT_CONNECTED,
  BGP_PEER_STUCK_CONNECTING,
  PREFIX_LIMIT,
  RESERVED_ASN,
  ASN_CONFLICT,
  ONPREM_OVERLAP,
  ER_S2S_IDENTICAL,
  S2S_MORE_SPECIFIC,
  FAILOVER,
  SPLIT_BRAIN,
  COEXISTENCE_PREREQUISITES,
  UDR_INVALIDATES_ROUTES,
  ER_PATH_ASYMMETRY,
  LNG_BGP_PEER_NOT_COVERED,
  POLICY_BASED_SELECTORS,
  DATA_NOT_FETCHED,
  IKE_MISMATCH,
  IKE_POLICY_INVALID,
  IKE_REKEY_DROPS,
  IKE_DEVICE_CONFIG_MISMATCH,
];
