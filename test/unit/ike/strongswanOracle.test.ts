// The oracle nobody on the team wrote: strongSwan's charon. One charon plays Azure with the
// proposals the model says, the other runs the device configuration; for each pair and each
// direction the checker's verdict (IKE SA and CHILD SA up or not, which algorithms) must equal
// what the two daemons negotiate. Needs root and network namespaces (REAL-PEERS.md section 11);
// skips with a message otherwise.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { azureIkeSide, type AzureIkeSide } from '../../../src/engine/ike/azureSide';
import { checkIke } from '../../../src/engine/ike/ikeCheck';
import { parseDeviceConfig } from '../../../src/engine/ike/parseDevice';
import { childProposalText, ikeProposalText, type ChildProposal, type IkeProposal } from '../../../src/engine/ike/algorithms';
import { ORACLE_CASES } from './oracleCorpus';

const CHARON = '/usr/lib/ipsec/charon';
const tag = String(process.pid % 100000);
const NS = { az: `glaz${tag}`, dev: `gldev${tag}` };
const ADDR = { az: '198.51.100.1', dev: '198.51.100.2' };

function whyNot(): string | undefined {
  if (process.platform !== 'linux') return 'needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'needs root for network namespaces (CI runs as root)';
  if (!existsSync(CHARON) || !existsSync('/usr/sbin/swanctl')) return 'strongSwan (strongswan-charon, strongswan-swanctl) is not installed';
  if (!existsSync('/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so')) return 'libcharon-extra-plugins (kernel-libipsec) is not installed';
  try {
    execFileSync('ip', ['netns', 'add', `glprobe${tag}`], { stdio: 'pipe' });
    execFileSync('ip', ['netns', 'del', `glprobe${tag}`], { stdio: 'pipe' });
  } catch (e) {
    return `cannot create a network namespace: ${(e as Error).message.split('\n')[0]}`;
  }
  return undefined;
}

const skip = whyNot();
if (skip) console.log(`# strongSwan oracle skipped: ${skip}`);

/** charon's retransmission (strongswan.conf): tries after the first send, first timeout in s, backoff base. */
const RETRANSMIT = { tries: 3, timeout: 1, base: 1.8 } as const;
/** Seconds until charon gives up one exchange: timeout * base^n over the first send and every retry (about 11.9 s). */
const GIVE_UP_SECONDS = Array.from({ length: RETRANSMIT.tries + 1 }, (_, n) => RETRANSMIT.timeout * RETRANSMIT.base ** n).reduce((a, b) => a + b, 0);
/** swanctl outwaits charon on every exchange of an initiation (IKEv1: three main mode + quick mode; IKEv2 needs two). */
const INITIATE_TIMEOUT = Math.ceil(GIVE_UP_SECONDS * 4) + 2;

const SUPPORTED_ENC = new Set(['aes128', 'aes192', 'aes256']);
const SUPPORTED_DH = new Set([2, 5, 14, 15, 16, 24]);
/** This charon has no openssl/gcm/des plugins: Azure offers only what it can compute here. */
function supportedIke(p: IkeProposal): boolean {
  return p.encryption.every((e) => SUPPORTED_ENC.has(e)) && p.dhGroups.every((g) => SUPPORTED_DH.has(g));
}
function supportedChild(p: ChildProposal): boolean {
  return p.encryption.every((e) => SUPPORTED_ENC.has(e)) && p.dhGroups.every((g) => SUPPORTED_DH.has(g));
}

function azureSwanctl(az: AzureIkeSide, role: 'initiator' | 'responder'): string {
  const ike = (role === 'initiator' ? az.ikeInitiator : az.ikeResponder).filter(supportedIke).map(ikeProposalText).join(',');
  const esp = (role === 'initiator' ? az.childInitiator : az.childResponder).filter(supportedChild).map(childProposalText).join(',');
  const local = az.selectorPairs.flatMap((p) => p.localAddressRanges).join(',');
  const remote = az.selectorPairs.flatMap((p) => p.remoteAddressRanges).join(',');
  return `connections {
  azure {
    version = ${az.ikeVersion}
    local_addrs = ${ADDR.az}
    remote_addrs = ${ADDR.dev}
    proposals = ${ike}
    local { auth = psk }
    remote { auth = psk }
    children {
      net {
        local_ts = ${local}
        remote_ts = ${remote}
        esp_proposals = ${esp}
      }
    }
  }
}
secrets { ike-1 { secret = "oracle-test-key" } }
`;
}

const ENC: Record<string, string> = { AES_CBC_128: 'aes128', AES_CBC_192: 'aes192', AES_CBC_256: 'aes256' };
const INTEG: Record<string, string> = { HMAC_SHA1_96: 'sha1', HMAC_SHA2_256_128: 'sha256', HMAC_SHA2_384_192: 'sha384', HMAC_SHA2_512_256: 'sha512', HMAC_MD5_96: 'md5' };
const PRF: Record<string, string> = { PRF_HMAC_SHA1: 'sha1', PRF_HMAC_SHA2_256: 'sha256', PRF_HMAC_SHA2_384: 'sha384', PRF_HMAC_SHA2_512: 'sha512', PRF_HMAC_MD5: 'md5' };
const DH: Record<string, string> = { MODP_1024: 'modp1024', MODP_1536: 'modp1536', MODP_2048: 'modp2048', MODP_3072: 'modp3072', MODP_4096: 'modp4096', MODP_2048_256: 'modp2048s256' };

interface Observed {
  ike: string | null;
  child: string | null;
}

/** Reads `swanctl --list-sas --raw`: the first ESTABLISHED IKE SA and its INSTALLED CHILD SA. */
function observed(raw: string): Observed {
  const ikeM = /state=ESTABLISHED[^{]*?encr-alg=(\w+) encr-keysize=(\d+)(?: integ-alg=(\w+))? prf-alg=(\w+) dh-group=(\w+)/.exec(raw);
  if (!ikeM) return { ike: null, child: null };
  const ike = [ENC[`${ikeM[1]}_${ikeM[2]}`] ?? ikeM[1], ikeM[3] ? INTEG[ikeM[3]] ?? ikeM[3] : null, `prf${PRF[ikeM[4]!] ?? ikeM[4]}`, DH[ikeM[5]!] ?? ikeM[5]].filter((x) => x).join('-');
  const childM = /state=INSTALLED[^}]*?encr-alg=(\w+) encr-keysize=(\d+)(?: integ-alg=(\w+))?/.exec(raw);
  const child = childM ? [ENC[`${childM[1]}_${childM[2]}`] ?? childM[1], childM[3] ? INTEG[childM[3]] ?? childM[3] : null].filter((x) => x).join('-') : null;
  return { ike, child };
}

describe('strongSwan oracle: the checker agrees with charon', { skip }, () => {
  let dir = '';
  const daemons: ChildProcess[] = [];
  const sh = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const swanctl = (side: 'az' | 'dev', ...args: string[]): { ok: boolean; out: string } => {
    try {
      return { ok: true, out: sh('swanctl', [...args, '--uri', `unix://${dir}/${side}.vici`]) };
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
    }
  };

  before(async () => {
    dir = mkdtempSync('/tmp/glike');
    sh('ip', ['netns', 'add', NS.az]);
    sh('ip', ['netns', 'add', NS.dev]);
    sh('ip', ['link', 'add', `va${tag}`, 'netns', NS.az, 'type', 'veth', 'peer', 'name', `vd${tag}`, 'netns', NS.dev]);
    for (const [side, ifc, addr, inner] of [['az', `va${tag}`, ADDR.az, '10.1.0.1'], ['dev', `vd${tag}`, ADDR.dev, '10.100.0.1']] as const) {
      sh('ip', ['-n', NS[side], 'addr', 'add', `${addr}/24`, 'dev', ifc]);
      sh('ip', ['-n', NS[side], 'link', 'set', ifc, 'up']);
      sh('ip', ['-n', NS[side], 'link', 'set', 'lo', 'up']);
      sh('ip', ['-n', NS[side], 'addr', 'add', `${inner}/32`, 'dev', 'lo']);
      writeFileSync(join(dir, `${side}.conf`), `charon {
  load = random nonce aes sha1 sha2 md5 hmac gmp kdf pem pkcs1 x509 pubkey kernel-libipsec kernel-netlink socket-default vici
  install_routes = no
  # a loaded CI machine can be slow to answer: retransmit before giving up (mismatches fail at once on a NOTIFY)
  retransmit_tries = ${RETRANSMIT.tries}
  retransmit_timeout = ${RETRANSMIT.timeout}
  retransmit_base = ${RETRANSMIT.base}
  filelog { oracle { path = ${dir}/${side}.log
    default = 1
    ike = 2 } }
  plugins { vici { socket = unix://${dir}/${side}.vici } }
}
`);
      const child = spawn('ip', ['netns', 'exec', NS[side], 'unshare', '-m', '--propagation', 'private', 'sh', '-c', `mount -t tmpfs tmpfs /run && exec env STRONGSWAN_CONF=${dir}/${side}.conf ${CHARON}`], { stdio: 'ignore' });
      daemons.push(child);
    }
    for (let i = 0; i < 100 && !(existsSync(join(dir, 'az.vici')) && existsSync(join(dir, 'dev.vici'))); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(existsSync(join(dir, 'az.vici')) && existsSync(join(dir, 'dev.vici')), 'both charons opened their vici sockets');
  });

  after(async () => {
    for (const d of daemons) if (d.pid) try { process.kill(d.pid, 'SIGTERM'); } catch { /* gone */ }
    await new Promise((r) => setTimeout(r, 300));
    for (const d of daemons) if (d.pid && d.exitCode === null) try { process.kill(d.pid, 'SIGKILL'); } catch { /* gone */ }
    for (const ns of [NS.az, NS.dev]) try { execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' }); } catch { /* already gone */ }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const agreements: string[] = [];
  for (const c of ORACLE_CASES) {
    it(c.name, () => {
      const azure = azureIkeSide({ connection: c.connection, vnetPrefixes: ['10.1.0.0/16'], sitePrefixes: ['10.100.0.0/16'] });
      const device = parseDeviceConfig(c.device).connections[0]!;
      const verdict = checkIke(azure, device);
      const devFile = join(dir, 'dev-swanctl.conf');
      writeFileSync(devFile, c.device.replace(/remote_addrs = \S+/, `remote_addrs = ${ADDR.az}`).replace(/local_addrs = \S+/, `local_addrs = ${ADDR.dev}`));
      const load = swanctl('dev', '--load-all', '--file', devFile);
      assert.ok(load.ok, `device config loads: ${load.out}`);
      const devChild = /children\s*\{\s*(\S+)\s*\{/.exec(c.device)![1]!;
      for (const initiator of ['Azure', 'device'] as const) {
        const azFile = join(dir, 'az-swanctl.conf');
        writeFileSync(azFile, azureSwanctl(azure, initiator === 'Azure' ? 'initiator' : 'responder'));
        assert.ok(swanctl('az', '--load-all', '--file', azFile).ok, 'Azure config loads');
        const side = initiator === 'Azure' ? 'az' : 'dev';
        // swanctl waits until charon has concluded (established, refused, or retransmits exhausted),
        // so the SAs listed next are charon's verdict and not an exchange still in flight.
        swanctl(side, '--initiate', '--child', initiator === 'Azure' ? 'net' : devChild, '--timeout', String(INITIATE_TIMEOUT));
        const list = swanctl(side, '--list-sas', '--raw').out;
        const seen = observed(list);
        // Deleting from the initiator also removes the peer's SA (INFORMATIONAL delete); whatever is
        // left on either side (a delete lost under load) goes too, so no SA leaks into the next case.
        for (const m of list.matchAll(/\{uniqueid=(\d+)/g)) swanctl(side, '--terminate', '--ike-id', m[1]!, '--force', '--timeout', '1');
        for (const other of ['az', 'dev'] as const) {
          for (const m of swanctl(other, '--list-sas', '--raw').out.matchAll(/\{uniqueid=(\d+)/g)) swanctl(other, '--terminate', '--ike-id', m[1]!, '--force', '--timeout', '1');
        }
        const r = verdict.directions.find((d) => d.initiator === initiator)!;
        const expected: Observed = { ike: r.ikeSa.established ? r.ikeSa.chosen : null, child: r.childSa.established ? r.childSa.chosen : null };
        assert.deepEqual(seen, expected, `${initiator} initiating: charon negotiated ${JSON.stringify(seen)}, the checker says ${JSON.stringify(expected)} (${r.ikeSa.reason ?? r.childSa.reason ?? ''})`);
      }
      agreements.push(c.name);
    });
  }
  it('summary', () => {
    console.log(`# strongSwan oracle: ${agreements.length}/${ORACLE_CASES.length} device configurations agree in both directions`);
    assert.equal(agreements.length, ORACLE_CASES.length);
  });
});
