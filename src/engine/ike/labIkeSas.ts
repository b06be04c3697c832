// The lab's IKE security associations (what getikesas answers), part of the one lab snapshot so
// that `gateway-lab snapshot`, the extension and a client read of the lab's ARM endpoint agree.
// Azure's own shape for a failing negotiation is not public: the lab's `state`/`errors` entry is
// the product's model.
import type { NetworkSnapshot } from '../../model/snapshot';
import type { IkeSecurityAssociation } from '../../model/armNetwork';
import { sameId } from '../../model/armShapes';

const ENCRYPTION: Record<string, string> = { aes128: 'AES128', aes192: 'AES192', aes256: 'AES256', aes128gcm16: 'GCMAES128', aes256gcm16: 'GCMAES256', '3des': 'DES3', des: 'DES' };
const INTEGRITY: Record<string, string> = { md5: 'MD5', sha1: 'SHA1', sha256: 'SHA256', sha384: 'SHA384', sha512: 'SHA512' };
const DH_GROUP: Record<string, string> = { modp768: 'DHGroup1', modp1024: 'DHGroup2', modp2048: 'DHGroup14', ecp256: 'ECP256', ecp384: 'ECP384', modp2048s256: 'DHGroup24' };
/** What Azure negotiates with a device that takes its defaults (the lab's tunnels without a device model). */
const AZURE_DEFAULT = { encryption: 'AES256', integrity: 'SHA256', dhGroup: 'DHGroup14' };
/** Azure's IKE SA lifetime (VPN Gateway IPsec/IKE parameters). */
const IKE_SA_LIFETIME_SECONDS = 28_800;

/** "aes256-sha256-prfsha256-modp1024" -> ARM's names (AES256, SHA256, DHGroup2). */
export function armIkeAlgorithms(proposal: string): { encryption: string; integrity: string; dhGroup: string } {
  const parts = proposal.split('-');
  const e = parts.find((p) => ENCRYPTION[p]);
  const i = parts.find((p) => INTEGRITY[p]);
  const g = parts.find((p) => DH_GROUP[p] || p.startsWith('modp') || p.startsWith('ecp'));
  return { encryption: e ? ENCRYPTION[e]! : proposal, integrity: i ? INTEGRITY[i]! : 'None', dhGroup: g ? (DH_GROUP[g] ?? g) : '' };
}

/** Sets snapshot.ikeSas for every IPsec and VNet-to-VNet connection, from its tunnels and the lab's IKE negotiation. */
export function addLabIkeSas(snapshot: NetworkSnapshot): void {
  const sas: Record<string, IkeSecurityAssociation[]> = {};
  for (const c of snapshot.connections) {
    if (c.connectionType !== 'IPsec' && c.connectionType !== 'Vnet2Vnet') continue;
    const ike = snapshot.lab?.ike?.find((x) => sameId(x.connectionId, c.id));
    const algorithms = ike?.ikeSa ? armIkeAlgorithms(ike.ikeSa) : AZURE_DEFAULT;
    const list: IkeSecurityAssociation[] = (c.tunnelConnectionStatus ?? [])
      .filter((t) => t.connectionStatus === 'Connected')
      .map((t) => ({ remoteEndpoint: t.tunnel, localEndpoint: c.virtualNetworkGateway1.id, ...algorithms, lifeTimeSeconds: IKE_SA_LIFETIME_SECONDS, sasCount: 1 }));
    if (ike && ike.errors.length > 0) list.push({ localEndpoint: c.virtualNetworkGateway1.id, state: 'Failed', errors: [...ike.errors] });
    sas[c.id] = list;
  }
  snapshot.ikeSas = sas;
}
