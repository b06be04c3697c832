// A TCP listener for one gateway instance's BGP endpoint (127.0.0.x:1179 by default, no root
// needed): hands each accepted connection to the neighbour configured for its source address
// and closes connections from anyone else, as a router does for an unconfigured peer.
import * as net from 'node:net';
import type { WirePeer } from './wirePeer';

export class BgpListener {
  private readonly server: net.Server;
  private readonly peers = new Map<string, WirePeer>();
  private readonly sockets = new Set<net.Socket>();
  /** Resolves once listening; rejects with a message naming the address when the bind fails. */
  readonly ready: Promise<void>;

  constructor(
    readonly address: string,
    readonly port: number,
  ) {
    this.server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined); // reported by the peer that owns it, or nobody's concern
      const remote = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
      const peer = this.peers.get(remote);
      if (!peer) socket.destroy();
      else peer.accept(socket);
    });
    this.ready = new Promise((resolve, reject) => {
      this.server.once('error', (e: NodeJS.ErrnoException) => {
        const why = e.code === 'EADDRINUSE' ? 'is already in use' : e.code === 'EADDRNOTAVAIL' ? 'is not an address of this machine' : `cannot be bound (${e.message})`;
        reject(new Error(`BGP endpoint ${address}:${port} ${why}`));
      });
      this.server.listen({ host: address, port, exclusive: true }, () => resolve());
    });
    this.ready.catch(() => undefined); // the owner awaits it; never an unhandled rejection
  }

  /** Routes connections from `remoteAddress` to `peer`. */
  addPeer(remoteAddress: string, peer: WirePeer): void {
    this.peers.set(remoteAddress, peer);
  }

  /** Stops listening and drops connections still open (their peers sent their NOTIFICATIONs first). */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  /** Stops accepting without waiting for open connections (their peers close them). */
  get listening(): boolean {
    return this.server.listening;
  }
}
