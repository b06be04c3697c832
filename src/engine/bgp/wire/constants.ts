// BGP-4 wire constants (RFC 4271, 4760, 2918, 6793, 4486, 1997, 4724): message types, error
// codes and subcodes, path attribute and capability codes.

export const MARKER_LENGTH = 16;
export const HEADER_LENGTH = 19;
/** RFC 4271 4.1: no message is longer (extended messages, RFC 8654, are not negotiated). */
export const MAX_MESSAGE_LENGTH = 4096;
export const BGP_VERSION = 4;
/** RFC 6793: the 2-octet stand-in for a 4-octet ASN. */
export const AS_TRANS = 23456;

export const MessageType = { open: 1, update: 2, notification: 3, keepalive: 4, routeRefresh: 5 } as const;

/** NOTIFICATION error codes (RFC 4271 4.5). */
export const ErrorCode = {
  messageHeader: 1,
  openMessage: 2,
  updateMessage: 3,
  holdTimerExpired: 4,
  fsm: 5,
  cease: 6,
  routeRefresh: 7,
} as const;

export const HeaderSubcode = { connectionNotSynchronized: 1, badMessageLength: 2, badMessageType: 3 } as const;

export const OpenSubcode = {
  unspecific: 0,
  unsupportedVersionNumber: 1,
  badPeerAs: 2,
  badBgpIdentifier: 3,
  unsupportedOptionalParameter: 4,
  unacceptableHoldTime: 6,
  unsupportedCapability: 7,
} as const;

export const UpdateSubcode = {
  malformedAttributeList: 1,
  unrecognizedWellKnownAttribute: 2,
  missingWellKnownAttribute: 3,
  attributeFlagsError: 4,
  attributeLengthError: 5,
  invalidOrigin: 6,
  invalidNextHop: 8,
  optionalAttributeError: 9,
  invalidNetworkField: 10,
  malformedAsPath: 11,
} as const;

/** Cease subcodes (RFC 4486). */
export const CeaseSubcode = {
  maximumPrefixesReached: 1,
  administrativeShutdown: 2,
  peerDeconfigured: 3,
  administrativeReset: 4,
  connectionRejected: 5,
  otherConfigurationChange: 6,
  connectionCollisionResolution: 7,
  outOfResources: 8,
} as const;

export const AttrType = {
  origin: 1,
  asPath: 2,
  nextHop: 3,
  med: 4,
  localPref: 5,
  atomicAggregate: 6,
  aggregator: 7,
  communities: 8,
  mpReach: 14,
  mpUnreach: 15,
  as4Path: 17,
  as4Aggregator: 18,
} as const;

export const AttrFlag = { optional: 0x80, transitive: 0x40, partial: 0x20, extendedLength: 0x10 } as const;

export const CapabilityCode = { multiprotocol: 1, routeRefresh: 2, fourOctetAs: 65 } as const;

export const Afi = { ipv4: 1, ipv6: 2 } as const;
export const Safi = { unicast: 1 } as const;

/** AS_PATH segment types (RFC 4271 4.3). */
export const AsPathSegmentType = { set: 1, sequence: 2 } as const;

/** Human-readable name of a NOTIFICATION code/subcode, as routers log them ("Cease/Maximum Number of Prefixes Reached"). */
export function notificationName(code: number, subcode: number): string {
  const names: Record<number, [string, Record<number, string>]> = {
    1: ['Message Header Error', { 1: 'Connection Not Synchronized', 2: 'Bad Message Length', 3: 'Bad Message Type' }],
    2: [
      'OPEN Message Error',
      { 1: 'Unsupported Version Number', 2: 'Bad Peer AS', 3: 'Bad BGP Identifier', 4: 'Unsupported Optional Parameter', 6: 'Unacceptable Hold Time', 7: 'Unsupported Capability' },
    ],
    3: [
      'UPDATE Message Error',
      {
        1: 'Malformed Attribute List',
        2: 'Unrecognized Well-known Attribute',
        3: 'Missing Well-known Attribute',
        4: 'Attribute Flags Error',
        5: 'Attribute Length Error',
        6: 'Invalid ORIGIN Attribute',
        8: 'Invalid NEXT_HOP Attribute',
        9: 'Optional Attribute Error',
        10: 'Invalid Network Field',
        11: 'Malformed AS_PATH',
      },
    ],
    4: ['Hold Timer Expired', {}],
    5: ['Finite State Machine Error', {}],
    6: [
      'Cease',
      {
        1: 'Maximum Number of Prefixes Reached',
        2: 'Administrative Shutdown',
        3: 'Peer De-configured',
        4: 'Administrative Reset',
        5: 'Connection Rejected',
        6: 'Other Configuration Change',
        7: 'Connection Collision Resolution',
        8: 'Out of Resources',
      },
    ],
    7: ['ROUTE-REFRESH Message Error', { 1: 'Invalid Message Length' }],
  };
  const entry = names[code];
  if (!entry) return `Unknown error ${code}/${subcode}`;
  const sub = entry[1][subcode];
  return sub ? `${entry[0]}/${sub}` : subcode === 0 ? entry[0] : `${entry[0]}/subcode ${subcode}`;
}
