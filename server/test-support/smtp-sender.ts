/**
 * An SMTP sender that behaves like an MTA delivering to Sportello's listener: one reused connection,
 * as many messages on it as it likes, TCP_NODELAY. nodemailer leaves Nagle's algorithm on, so a small
 * final write waits for the server's delayed ACK (40 ms on Linux) — a per-message floor of the
 * client, not of the server. Used by the durability test and the mail benchmark.
 */
import net from 'node:net';
import nodemailer from 'nodemailer';

export function mtaTransport(port: number) {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 1,
    maxMessages: Infinity,
    connectionTimeout: 10_000,
    socketTimeout: 30_000,
    getSocket: (_options, callback) => {
      const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
      socket.once('connect', () => callback(null, { connection: socket }));
      socket.once('error', (error) => callback(error, null as never));
    },
  });
}
