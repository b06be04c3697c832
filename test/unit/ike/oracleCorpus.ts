// Device configurations (swanctl.conf, written for this project) paired with an Azure connection,
// for the strongSwan oracle and the benchmark. Only algorithms the test charon can compute
// (AES-CBC, SHA-1/SHA-2, MODP groups) appear on the device side.
import type { AzureConnectionIke } from '../../../src/engine/ike/azureSide';
import type { IpsecPolicy } from '../../../src/model/arm';

export interface OracleCase {
  name: string;
  connection: AzureConnectionIke;
  device: string;
}

interface DeviceSpec {
  version?: 0 | 1 | 2;
  ike: string;
  esp: string;
  localTs?: string;
  remoteTs?: string;
}

export function swanctlDevice(d: DeviceSpec): string {
  return `# generated device configuration
connections {
  onprem {
    version = ${d.version ?? 2}
    local_addrs = 203.0.113.10
    remote_addrs = 198.51.100.20
    proposals = ${d.ike}
    local { auth = psk }
    remote { auth = psk }
    children {
      lan {
        local_ts = ${d.localTs ?? '0.0.0.0/0'}
        remote_ts = ${d.remoteTs ?? '0.0.0.0/0'}
        esp_proposals = ${d.esp}
        start_action = none
      }
    }
  }
}
secrets { ike-1 { secret = "oracle-test-key" } }
`;
}

const policy = (p: Partial<IpsecPolicy>): IpsecPolicy => ({
  saLifeTimeSeconds: 27000, saDataSizeKilobytes: 102400000, ikeEncryption: 'AES256', ikeIntegrity: 'SHA256', dhGroup: 'DHGroup14',
  ipsecEncryption: 'AES256', ipsecIntegrity: 'SHA256', pfsGroup: 'None', ...p,
});

const def: AzureConnectionIke = { name: 'default' };
const custom14: AzureConnectionIke = { name: 'custom-aes256-sha256-dh14', ipsecPolicies: [policy({})] };
const custom24: AzureConnectionIke = { name: 'custom-aes128-sha1-dh24', ipsecPolicies: [policy({ ikeEncryption: 'AES128', ikeIntegrity: 'SHA1', dhGroup: 'DHGroup24', ipsecEncryption: 'AES128', ipsecIntegrity: 'SHA1', pfsGroup: 'PFS24' })] };
const customSha384: AzureConnectionIke = { name: 'custom-aes256-sha384-dh14', ipsecPolicies: [policy({ ikeIntegrity: 'SHA384', ipsecEncryption: 'AES192', ipsecIntegrity: 'SHA1' })] };
const ikev1: AzureConnectionIke = { name: 'ikev1-default', connectionProtocol: 'IKEv1' };

const pairs: [string, AzureConnectionIke, DeviceSpec][] = [
  ['default: aes256-sha1-modp1024', def, { ike: 'aes256-sha1-modp1024', esp: 'aes256-sha1' }],
  ['default: aes256-sha256-modp1024', def, { ike: 'aes256-sha256-modp1024', esp: 'aes256-sha256' }],
  ['default: aes128-sha1-modp1024', def, { ike: 'aes128-sha1-modp1024', esp: 'aes128-sha1' }],
  ['default: aes128-sha256-modp1024, esp aes128-sha256', def, { ike: 'aes128-sha256-modp1024', esp: 'aes128-sha256' }],
  ['default: DH 14 only (documented defaults use group 2)', def, { ike: 'aes256-sha256-modp2048', esp: 'aes256-sha256' }],
  ['default: DH 24 only', def, { ike: 'aes256-sha256-modp2048s256', esp: 'aes256-sha256' }],
  ['default: aes192 IKE (not offered by Azure)', def, { ike: 'aes192-sha256-modp1024', esp: 'aes256-sha256' }],
  ['default: SHA-384 IKE (not offered by Azure)', def, { ike: 'aes256-sha384-modp1024', esp: 'aes256-sha256' }],
  ['default: several encryptions in one proposal', def, { ike: 'aes128-aes256-sha256-sha1-modp2048-modp1024', esp: 'aes128-aes256-sha256-sha1' }],
  ['default: device prefers aes128 (responder order decides)', def, { ike: 'aes128-sha256-modp1024,aes256-sha1-modp1024', esp: 'aes128-sha1,aes256-sha1' }],
  ['default: ESP sha512 only', def, { ike: 'aes256-sha1-modp1024', esp: 'aes256-sha512' }],
  ['default: ESP aes192 only', def, { ike: 'aes256-sha1-modp1024', esp: 'aes192-sha1' }],
  ['default: ESP with PFS 14 (ignored in IKE_AUTH)', def, { ike: 'aes256-sha1-modp1024', esp: 'aes256-sha256-modp2048' }],
  ['default: ESP with PFS 2', def, { ike: 'aes256-sha256-modp1024', esp: 'aes128-sha1-modp1024' }],
  ['default: device IKEv1 only', def, { version: 1, ike: 'aes256-sha1-modp1024', esp: 'aes256-sha1' }],
  ['default: narrow traffic selectors on the device', def, { ike: 'aes256-sha1-modp1024', esp: 'aes256-sha1', localTs: '10.100.0.0/16', remoteTs: '10.1.0.0/16' }],
  ['default: many proposals, last one matches', def, { ike: 'aes256-sha512-modp4096,aes192-sha384-modp3072,aes128-sha1-modp1024', esp: 'aes256-sha512,aes128-sha1' }],
  ['default: modp1536 and modp1024', def, { ike: 'aes256-sha256-modp1536-modp1024', esp: 'aes256-sha256' }],
  ['custom DH14: matching device', custom14, { ike: 'aes256-sha256-modp2048', esp: 'aes256-sha256' }],
  ['custom DH14: device still on group 2', custom14, { ike: 'aes256-sha256-modp1024', esp: 'aes256-sha256' }],
  ['custom DH14: device sha1 IKE', custom14, { ike: 'aes256-sha1-modp2048', esp: 'aes256-sha256' }],
  ['custom DH14: device ESP sha1', custom14, { ike: 'aes256-sha256-modp2048', esp: 'aes256-sha1' }],
  ['custom DH14: device lists the policy among others', custom14, { ike: 'aes128-sha1-modp1024,aes256-sha256-modp2048', esp: 'aes128-sha1,aes256-sha256' }],
  ['custom DH14: device ESP with PFS 14', custom14, { ike: 'aes256-sha256-modp2048', esp: 'aes256-sha256-modp2048' }],
  ['custom DH24/PFS24: matching device', custom24, { ike: 'aes128-sha1-modp2048s256', esp: 'aes128-sha1-modp2048s256' }],
  ['custom DH24/PFS24: device group 14', custom24, { ike: 'aes128-sha1-modp2048', esp: 'aes128-sha1' }],
  ['custom DH24/PFS24: device aes256', custom24, { ike: 'aes256-sha1-modp2048s256', esp: 'aes128-sha1' }],
  ['custom SHA384: matching device', customSha384, { ike: 'aes256-sha384-modp2048', esp: 'aes192-sha1' }],
  ['custom SHA384: device sha256', customSha384, { ike: 'aes256-sha256-modp2048', esp: 'aes192-sha1' }],
  ['custom SHA384: ESP aes256 instead of aes192', customSha384, { ike: 'aes256-sha384-modp2048', esp: 'aes256-sha1' }],
  ['IKEv1 default: matching main mode', ikev1, { version: 1, ike: 'aes256-sha1-modp1024', esp: 'aes256-sha1' }],
  ['IKEv1 default: device IKEv2 only', ikev1, { version: 2, ike: 'aes256-sha1-modp1024', esp: 'aes256-sha1' }],
  ['IKEv1 default: DH 14', ikev1, { version: 1, ike: 'aes256-sha1-modp2048', esp: 'aes256-sha1' }],
  ['IKEv1 default: quick mode sha512', ikev1, { version: 1, ike: 'aes128-sha1-modp1024', esp: 'aes256-sha512' }],
];

export const ORACLE_CASES: OracleCase[] = pairs.map(([name, connection, spec]) => ({ name, connection, device: swanctlDevice(spec) }));
