// A TCP listener for one gateway instance's BGP endpoint (127.0.0.x:1179 by default, no root
// needed): hands each accepted connection to the neighbour configured for its source address
// and closes connections from anyone else, as a router does for an unconfigured peer.
import * as net from 'node:net';
import type { WirePeer } from './wirePeer';

export class BgpListener {
  private readonly server: net.Server;
  private readonly peers = new Map<string, WirePeer>();
  private readonly sockets = new Set<net.Socket>();

  /** Nothing is bound until `listen()`: a lab run in virtual time never opens a socket. */
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
  }

  /** Starts listening; rejects with a message naming the address when the bind fails. */
  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException): void => {
        const why = e.code === 'EADDRINUSE' ? 'is already in use' : e.code === 'EADDRNOTAVAIL' ? 'is not an address of this machine' : `cannot be bound (${e.message})`;
        reject(new Error(`BGP endpoint ${this.address}:${this.port} ${why}`));
      };
      this.server.once('error', onError);
      this.server.listen({ host: this.address, port: this.port, exclusive: true }, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
  }

  /** Routes connections from `remoteAddress` to `peer`. */
  addPeer(remoteAddress: string, peer: WirePeer): void {
    this.peers.set(remoteAddress, peer);
  }

  /** Stops listening (the address is free at once); open connections stay until `close()`. */
  unbind(): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Stops listening and drops connections still open (their peers sent their NOTIFICATIONs first). */
  async close(): Promise<void> {
    const unbound = this.unbind();
    for (const s of this.sockets) s.destroy();
    await unbound;
  }

  get listening(): boolean {
    return this.server.listening;
  }
}
