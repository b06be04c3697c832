// Every rule, in the order they are listed; add a rule by adding its module here.
import type { DiagnosticRule } from './rule';
import { asnProblems } from './rules/asnProblems';
import { bgpPeerNotConnected } from './rules/bgpPeerNotConnected';
import { coexistenceBgpBreak } from './rules/coexistenceBgpBreak';
import { coexistencePrerequisites } from './rules/coexistencePrerequisites';
import { connectionNotConnected } from './rules/connectionNotConnected';
import { dataNotFetched } from './rules/dataNotFetched';
import { erVsS2sPrefixes } from './rules/erVsS2sPrefixes';
import { failover } from './rules/failover';
import { onPremOverlap } from './rules/onPremOverlap';
import { prefixLimit } from './rules/prefixLimit';
import { splitBrain } from './rules/splitBrain';

export const RULES: readonly DiagnosticRule[] = [
  coexistenceBgpBreak,
  connectionNotConnected,
  bgpPeerNotConnected,
  prefixLimit,
  asnProblems,
  onPremOverlap,
  erVsS2sPrefixes,
  failover,
  splitBrain,
  coexistencePrerequisites,
  dataNotFetched,
];
