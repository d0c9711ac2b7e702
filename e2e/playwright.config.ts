import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// One server for the run, on an ephemeral port with a fresh data directory (demo data). The values
// are kept in the environment because Playwright loads this file again in every worker process.
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
process.env.SPORTELLO_E2E_PORT ??= String(await freePort());
process.env.SPORTELLO_E2E_SMTP_PORT ??= String(await freePort());
process.env.SPORTELLO_E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-e2e-'));
const port = Number(process.env.SPORTELLO_E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: '.',
  outputDir: '../test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    locale: 'it-IT',
    timezoneId: 'Europe/Rome',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: 'node dist/server/main.js',
    cwd: '..',
    url: `${baseURL}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      SPORTELLO_BASE_URL: baseURL,
      SPORTELLO_DATA_DIR: process.env.SPORTELLO_E2E_DATA_DIR,
      SPORTELLO_LOG_LEVEL: 'warn',
      // A known port, so that e2e/email-inbound.spec.ts can send mail to the server.
      SMTP_LISTEN_PORT: process.env.SPORTELLO_E2E_SMTP_PORT,
      SMTP_LISTEN_HOST: '127.0.0.1',
    },
  },
});
