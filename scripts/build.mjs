#!/usr/bin/env node
/**
 * Builds what is missing or stale: the server (tsc → dist/server, with the SQL migrations) and the
 * web app (vite → dist/web). `--force` rebuilds both. Used by `npm start` so that a fresh clone
 * needs nothing but `npm ci && npm start`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');

function newestMtime(entries) {
  let newest = 0;
  const visit = (target) => {
    if (!fs.existsSync(target)) return;
    const stat = fs.statSync(target);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(target)) {
        if (name === 'node_modules' || name.startsWith('.')) continue;
        visit(path.join(target, name));
      }
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const entry of entries) visit(path.join(root, entry));
  return newest;
}

function stampTime(stamp) {
  return fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`sportello: build step failed: ${command} ${args.join(' ')}\n`);
    process.exit(result.status ?? 1);
  }
}

const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');

const serverStamp = path.join(root, 'dist', '.server-build');
const serverSources = ['server', 'contracts', 'tsconfig.server.json', 'tsconfig.base.json', 'package-lock.json'];
if (force || newestMtime(serverSources) > stampTime(serverStamp)) {
  process.stdout.write('Building the server…\n');
  fs.rmSync(path.join(root, 'dist', 'server'), { recursive: true, force: true });
  fs.rmSync(path.join(root, 'dist', 'contracts'), { recursive: true, force: true });
  run(process.execPath, [tsc, '-p', 'tsconfig.server.json']);
  fs.cpSync(path.join(root, 'server', 'db', 'migrations'), path.join(root, 'dist', 'server', 'db', 'migrations'), {
    recursive: true,
  });
  fs.copyFileSync(
    path.join(root, 'server', 'db', 'pglite.worker.mjs'),
    path.join(root, 'dist', 'server', 'db', 'pglite.worker.mjs'),
  );
  fs.writeFileSync(serverStamp, new Date().toISOString());
}

const webStamp = path.join(root, 'dist', '.web-build');
const webSources = ['web', 'contracts', 'tsconfig.base.json', 'package-lock.json'];
if (force || newestMtime(webSources) > stampTime(webStamp)) {
  process.stdout.write('Building the web app…\n');
  run(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
  fs.writeFileSync(webStamp, new Date().toISOString());
}
