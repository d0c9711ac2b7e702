/**
 * Runs the real Sportello process (server/main.ts through tsx) for tests that need a whole process:
 * start-up faults, the data-directory lock between processes, kill -9 and restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../project-paths.js';

export interface SportelloProcess {
  child: ChildProcess;
  url: string;
  /** The SMTP listener's port, or null when it is off. */
  smtpPort: number | null;
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
}

export interface StartResult {
  exitCode: number | string;
  stdout: string;
  stderr: string;
}

function launch(environment: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'server', 'main.ts')], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      SPORTELLO_LOG_LEVEL: 'warn',
      SPORTELLO_DEMO: '0',
      // Never the fixed 2525: several test processes may run at once.
      SMTP_LISTEN_PORT: '0',
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Starts Sportello and resolves once it listens; rejects with its output if it exits first. */
export function startSportello(environment: Record<string, string>, timeoutMs = 90_000): Promise<SportelloProcess> {
  const launched = launch(environment);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      launched.child.kill('SIGKILL');
      reject(new Error(`Sportello did not start within ${timeoutMs} ms:\n${launched.stdout()}${launched.stderr()}`));
    }, timeoutMs);
    const onData = () => {
      // The banner is written at once, so once it ends (a blank line) the SMTP line is in it too.
      const match = /running at (http:\/\/\S+)[\s\S]*\n\n/.exec(launched.stdout());
      if (!match) return;
      const smtp = /Inbound mail \(SMTP\) on port (\d+)/.exec(launched.stdout());
      clearTimeout(timer);
      launched.child.stdout!.off('data', onData);
      resolve({
        child: launched.child,
        url: match[1]!,
        smtpPort: smtp ? Number(smtp[1]) : null,
        output: () => launched.stdout() + launched.stderr(),
        exited: launched.exited,
      });
    };
    launched.child.stdout!.on('data', onData);
    void launched.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Sportello exited (${code}) before listening:\n${launched.stdout()}${launched.stderr()}`));
    });
  });
}

/** Runs Sportello expecting it to refuse to start; resolves with its exit code and output. */
export async function expectStartFailure(environment: Record<string, string>): Promise<StartResult> {
  const launched = launch(environment);
  const exitCode = await launched.exited;
  return { exitCode, stdout: launched.stdout(), stderr: launched.stderr() };
}

/** A personal access token for a demo account of the running process (`POST /api/v1/auth/tokens`). */
export async function demoAccessToken(server: SportelloProcess, email: string, name: string): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'sportello', name }),
  });
  if (response.status !== 201) throw new Error(`token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}
