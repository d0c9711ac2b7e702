/** Configuration: sensible defaults, and a one-line error naming the variable to fix. */
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

/** The ConfigError thrown for `environment`; fails the test when none is thrown. */
function configErrorFor(environment: Record<string, string>): ConfigError {
  try {
    loadConfig(environment);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(environment)}`);
}

describe('loadConfig', () => {
  it('starts with defaults from an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('0.0.0.0');
    expect(config.dataDirectory).toBe(path.resolve('./data'));
    expect(path.isAbsolute(config.dataDirectory)).toBe(true);
    expect(config.databaseUrl).toBeNull();
    expect(config.roles).toEqual(['http', 'worker', 'scheduler']);
    expect(config.demo).toBe(true);
    expect(config.secretKey).toBeNull();
    expect(config.baseUrl).toBe('http://localhost:3000');
  });

  it('turns the demo off with SPORTELLO_DEMO=0', () => {
    expect(loadConfig({ SPORTELLO_DEMO: '0' }).demo).toBe(false);
    expect(loadConfig({ SPORTELLO_DEMO: 'false' }).demo).toBe(false);
    expect(loadConfig({ SPORTELLO_DEMO: '1' }).demo).toBe(true);
  });

  it('reads valid values', () => {
    const config = loadConfig({
      PORT: '8080',
      SPORTELLO_DATA_DIR: '/var/lib/sportello',
      DATABASE_URL: 'postgresql://sportello@db/sportello',
      SPORTELLO_ROLES: 'worker, http,worker',
      SPORTELLO_SECRET_KEY: 'k'.repeat(32),
    });
    expect(config.port).toBe(8080);
    expect(config.dataDirectory).toBe(path.resolve('/var/lib/sportello'));
    expect(config.databaseUrl).toBe('postgresql://sportello@db/sportello');
    expect(config.roles).toEqual(['worker', 'http']);
    expect(config.secretKey).toBe('k'.repeat(32));
  });

  it('refuses a database URL that is not PostgreSQL, in one line naming DATABASE_URL', () => {
    const error = configErrorFor({ DATABASE_URL: 'mysql://x' });
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).not.toMatch(/[\r\n]/);
  });

  it('refuses a port that is not a number', () => {
    const error = configErrorFor({ PORT: 'abc' });
    expect(error.message).toMatch(/\bPORT\b/);
    expect(error.message).not.toMatch(/[\r\n]/);
  });

  it('refuses an unknown process role, naming SPORTELLO_ROLES', () => {
    const error = configErrorFor({ SPORTELLO_ROLES: 'http,cook' });
    expect(error.message).toContain('SPORTELLO_ROLES');
    expect(error.message).not.toMatch(/[\r\n]/);
  });

  it('refuses a secret key shorter than 32 characters', () => {
    const error = configErrorFor({ SPORTELLO_SECRET_KEY: 'too-short' });
    expect(error.message).toContain('SPORTELLO_SECRET_KEY');
    expect(error.message).not.toMatch(/[\r\n]/);
  });

  it('names every bad variable at once, still in one line', () => {
    const error = configErrorFor({ PORT: 'abc', DATABASE_URL: 'mysql://x' });
    expect(error.message).toMatch(/\bPORT\b/);
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).not.toMatch(/[\r\n]/);
  });

  it('takes DKIM as three settings together, the key inline or from a file', () => {
    expect(loadConfig({}).dkim).toBeNull();
    const key = '-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----';
    const config = loadConfig({
      SPORTELLO_DKIM_DOMAIN: 'Example.com',
      SPORTELLO_DKIM_SELECTOR: 'sportello',
      SPORTELLO_DKIM_PRIVATE_KEY: key,
    });
    expect(config.dkim).toEqual({
      domainName: 'example.com',
      keySelector: 'sportello',
      privateKey: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----',
    });
  });

  it('refuses an incomplete DKIM configuration or a key that is not PEM, in one line', () => {
    const partial = configErrorFor({ SPORTELLO_DKIM_DOMAIN: 'example.com' });
    expect(partial.message).toContain('SPORTELLO_DKIM_SELECTOR');
    expect(partial.message).not.toMatch(/[\r\n]/);
    const notPem = configErrorFor({
      SPORTELLO_DKIM_DOMAIN: 'example.com',
      SPORTELLO_DKIM_SELECTOR: 'sportello',
      SPORTELLO_DKIM_PRIVATE_KEY: 'secret',
    });
    expect(notPem.message).toContain('PEM');
    const missingFile = configErrorFor({ SPORTELLO_DKIM_PRIVATE_KEY_FILE: '/nonexistent/dkim.pem' });
    expect(missingFile.message).toContain('SPORTELLO_DKIM_PRIVATE_KEY_FILE');
    expect(missingFile.message).not.toMatch(/[\r\n]/);
  });

  it('reads the inbound mail settings: a port, 0 for an ephemeral one, or off', () => {
    expect(loadConfig({}).smtpListenPort).toBe(2525);
    expect(loadConfig({}).smtpMaxMessageBytes).toBe(25 * 1024 * 1024);
    expect(loadConfig({}).replyReopenDays).toBe(14);
    expect(loadConfig({ SMTP_LISTEN_PORT: '0' }).smtpListenPort).toBe(0);
    expect(loadConfig({ SMTP_LISTEN_PORT: 'off' }).smtpListenPort).toBeNull();
    expect(configErrorFor({ SMTP_LISTEN_PORT: 'never' }).message).toContain('SMTP_LISTEN_PORT');
    expect(configErrorFor({ SMTP_MAX_MESSAGE_BYTES: '10' }).message).toContain('SMTP_MAX_MESSAGE_BYTES');
  });

  it('processes 4 inbound messages at once on PostgreSQL and 1 embedded unless set, below the pool size', () => {
    const postgres = { DATABASE_URL: 'postgres://localhost/sportello' };
    expect(loadConfig({}).inboundConcurrency).toBe(1);
    expect(loadConfig(postgres).inboundConcurrency).toBe(4);
    expect(loadConfig({ ...postgres, SPORTELLO_INBOUND_CONCURRENCY: '8' }).inboundConcurrency).toBe(8);
    expect(loadConfig({ SPORTELLO_INBOUND_CONCURRENCY: '2' }).inboundConcurrency).toBe(2);
    expect(configErrorFor({ SPORTELLO_INBOUND_CONCURRENCY: '0' }).message).toContain('SPORTELLO_INBOUND_CONCURRENCY');
    expect(configErrorFor({ SPORTELLO_INBOUND_CONCURRENCY: 'many' }).message).toContain(
      'SPORTELLO_INBOUND_CONCURRENCY',
    );
    const starved = configErrorFor({ ...postgres, SPORTELLO_INBOUND_CONCURRENCY: '10', DATABASE_POOL_SIZE: '10' });
    expect(starved.message).toMatch(/SPORTELLO_INBOUND_CONCURRENCY \(10\) must be less than DATABASE_POOL_SIZE/);
  });

  it('parses large inbound mail on worker threads: one per core beyond the first, at most 2, unless set', () => {
    const cores = os.availableParallelism();
    expect(loadConfig({}).parseWorkers).toBe(Math.min(2, Math.max(1, cores - 1)));
    expect(loadConfig({ SPORTELLO_PARSE_WORKERS: '0' }).parseWorkers).toBe(0);
    expect(loadConfig({ SPORTELLO_PARSE_WORKERS: '3' }).parseWorkers).toBe(3);
    expect(configErrorFor({ SPORTELLO_PARSE_WORKERS: '-1' }).message).toContain('SPORTELLO_PARSE_WORKERS');
    expect(configErrorFor({ SPORTELLO_PARSE_WORKERS: '17' }).message).toContain('SPORTELLO_PARSE_WORKERS');
  });

  it('reads how often IMAP mailboxes are polled: 60 seconds unless set, at least 5', () => {
    expect(loadConfig({}).imapPollSeconds).toBe(60);
    expect(loadConfig({ SPORTELLO_IMAP_POLL_SECONDS: '15' }).imapPollSeconds).toBe(15);
    expect(configErrorFor({ SPORTELLO_IMAP_POLL_SECONDS: '1' }).message).toContain('SPORTELLO_IMAP_POLL_SECONDS');
    expect(configErrorFor({ SPORTELLO_IMAP_POLL_SECONDS: 'often' }).message).toContain('SPORTELLO_IMAP_POLL_SECONDS');
  });
});
