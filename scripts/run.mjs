#!/usr/bin/env node
// `npm run migrate | backup | restore | export-to-postgres | mail:reprocess -- …`: build if needed, then run the command.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [command, ...args] = process.argv.slice(2);
const commands = ['migrate', 'backup', 'restore', 'export-to-postgres', 'mail-reprocess'];
if (!commands.includes(command)) {
  process.stderr.write(`usage: node scripts/run.mjs <${commands.join('|')}> [arguments]\n`);
  process.exit(2);
}
const build = spawnSync(process.execPath, [fileURLToPath(new URL('./build.mjs', import.meta.url))], {
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);
const { runCommand } = await import(`../dist/server/cli/${command}.command.js`);
process.exitCode = await runCommand(args);
