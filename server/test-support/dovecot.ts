/**
 * A throw-away Dovecot IMAP server for the poller's integration tests: a minimal configuration in a
 * temporary directory (loopback only, an ephemeral port, one user from a passwd file, Maildir in
 * the directory, no TLS), run in the foreground as a child process of the test and stopped with it.
 * Messages are put in its mailbox with IMAP APPEND, as a mail server's delivery would.
 * Where Dovecot is not installed (Debian package `dovecot-imapd`), `dovecotAvailable` is false and
 * the tests that need it are skipped, saying so.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

export const dovecotBinary = process.env.DOVECOT_BINARY ?? '/usr/sbin/dovecot';
export const dovecotAvailable = fs.existsSync(dovecotBinary);
export const dovecotMissingReason = `Dovecot is not installed (${dovecotBinary} is missing; Debian package dovecot-imapd): the IMAP poller integration test is skipped`;

export interface DovecotMessage {
  uid: number;
  flags: string[];
  messageId: string | null;
}

export interface Dovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Puts a message in a folder (INBOX by default) with APPEND; returns its UID. */
  append(raw: string | Buffer, options?: { folder?: string; flags?: string[] }): Promise<number>;
  /** The messages of a folder with their flags. */
  messages(folder?: string): Promise<DovecotMessage[]>;
  createFolder(name: string): Promise<void>;
  /** Deletes every message of every folder. */
  empty(): Promise<void>;
  stop(): Promise<void>;
}

/** A port free right now: bind port 0, read it, close. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the server greets on the port; rejects when the child exits first or after `timeoutMs`. */
async function waitForGreeting(port: number, child: ChildProcess, logFile: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
      throw new Error(`dovecot exited with ${child.exitCode}: ${log.slice(-2000)}`);
    }
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.setTimeout(1000);
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('* OK'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (greeted) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not greet on port ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface SystemUser {
  name: string;
  uid: number;
  gid: number;
}

/** The first of these system users that exists (from /etc/passwd). */
function systemUser(candidates: string[]): SystemUser {
  const passwd = fs.existsSync('/etc/passwd') ? fs.readFileSync('/etc/passwd', 'utf8') : '';
  for (const candidate of candidates) {
    const line = passwd.split('\n').find((entry) => entry.startsWith(`${candidate}:`));
    const [, , uid, gid] = line?.split(':') ?? [];
    if (uid && gid) return { name: candidate, uid: Number(uid), gid: Number(gid) };
  }
  throw new Error(`Running as root, Dovecot needs one of these unprivileged users: ${candidates.join(', ')}`);
}

/**
 * Who runs what. As a normal user, everything runs as that user. As root (containers, CI),
 * Dovecot refuses root for login processes and mail access: Debian's `dovenull` takes the login
 * processes and `dovecot` (or `nobody`) owns the mail.
 */
function accounts(): { internal: string; login: string; mail: SystemUser } {
  const current = os.userInfo();
  const self = { name: current.username, uid: current.uid, gid: current.gid };
  if (current.uid !== 0) return { internal: self.name, login: self.name, mail: self };
  return {
    internal: self.name,
    login: systemUser(['dovenull', 'nobody']).name,
    mail: systemUser(['dovecot', 'nobody']),
  };
}

function configuration(directory: string, port: number, passwd: string): string {
  const { internal, login, mail } = accounts();
  fs.chownSync(path.join(directory, 'mail'), mail.uid, mail.gid);
  fs.chownSync(path.join(directory, 'home'), mail.uid, mail.gid);
  return `# Written by server/test-support/dovecot.ts for one test run.
instance_name = sportello-test-${path.basename(directory)}
protocols = imap
listen = 127.0.0.1
base_dir = ${directory}/run
state_dir = ${directory}/state
log_path = ${directory}/dovecot.log
info_log_path = ${directory}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${internal}
default_internal_group = ${internal}
default_login_user = ${login}
first_valid_uid = ${mail.uid}
last_valid_uid = ${mail.uid}
first_valid_gid = ${mail.gid}
mail_location = maildir:${directory}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${passwd}
}
userdb {
  driver = static
  args = uid=${mail.uid} gid=${mail.gid} home=${directory}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  inet_listener http {
    port = 0
  }
}
`;
}

/** Starts Dovecot; call `stop()` when done (an afterAll). */
export async function startDovecot(): Promise<Dovecot> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-dovecot-'));
  // Dovecot's unprivileged processes reach their sockets below it.
  fs.chmodSync(directory, 0o755);
  for (const folder of ['run', 'state', 'mail', 'home']) fs.mkdirSync(path.join(directory, folder));
  const user = 'desk@imap.test';
  const password = 'imap-secret';
  const passwd = path.join(directory, 'users');
  fs.writeFileSync(passwd, `${user}:{PLAIN}${password}\n`, { mode: 0o600 });
  const port = await freePort();
  const configFile = path.join(directory, 'dovecot.conf');
  fs.writeFileSync(configFile, configuration(directory, port, passwd));
  const child = spawn(dovecotBinary, ['-F', '-c', configFile], { stdio: 'ignore' });
  try {
    await waitForGreeting(port, child, path.join(directory, 'dovecot.log'));
  } catch (error) {
    child.kill('SIGKILL');
    fs.rmSync(directory, { recursive: true, force: true });
    throw error;
  }

  async function session<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      doSTARTTLS: false,
      auth: { user, pass: password },
      logger: false,
      disableAutoIdle: true,
    } as ConstructorParameters<typeof ImapFlow>[0]);
    client.on('error', () => undefined);
    try {
      await client.connect();
      return await work(client);
    } finally {
      if (client.usable) await client.logout().catch(() => client.close());
      else client.close();
    }
  }

  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    append: (raw, options = {}) =>
      session(async (client) => {
        const result = await client.append(options.folder ?? 'INBOX', raw, options.flags ?? []);
        if (!result || !result.uid) throw new Error('APPEND did not return a UID');
        return result.uid;
      }),
    messages: (folder = 'INBOX') =>
      session(async (client) => {
        const lock = await client.getMailboxLock(folder);
        try {
          const found: DovecotMessage[] = [];
          if (client.mailbox && client.mailbox.exists === 0) return found;
          for await (const message of client.fetch('1:*', { uid: true, flags: true, envelope: true })) {
            found.push({
              uid: message.uid,
              // \Recent depends on which session looked first: left out.
              flags: [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort(),
              messageId: message.envelope?.messageId?.replace(/^<|>$/g, '') ?? null,
            });
          }
          return found;
        } finally {
          lock.release();
        }
      }),
    createFolder: (name) =>
      session(async (client) => {
        await client.mailboxCreate(name);
      }),
    empty: () =>
      session(async (client) => {
        for (const folder of await client.list()) {
          const lock = await client.getMailboxLock(folder.path);
          try {
            if (client.mailbox && client.mailbox.exists > 0) await client.messageDelete('1:*');
          } finally {
            lock.release();
          }
        }
      }),
    async stop() {
      const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null) resolve();
        else child.once('exit', () => resolve());
      });
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
