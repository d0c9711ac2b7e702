/**
 * `node --import tsx bench/tickets/profile-summary.ts FILE.cpuprofile [TOP] [NAME,NAME…]`: where a
 * V8 CPU profile's time went — self time by function and by package or source folder; with names,
 * also the total time of the samples whose stack passes through a function of that name (inclusive,
 * each sample counted once per name).
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArgument, inclusiveArgument] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts FILE.cpuprofile [TOP]');
const top = Number(topArgument ?? 30);
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMs = new Map<number, number>();
profile.samples.forEach((id, index) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000));

const where = (url: string) => {
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1]!;
  if (!url) return '(native / idle / gc)';
  if (url.startsWith('node:')) return url;
  return url.replace(/^file:\/\/.*?\/(server|contracts)\//, '$1/').replace(/\/[^/]+$/, '/');
};
const functions = new Map<string, number>();
const places = new Map<string, number>();
let total = 0;
for (const [id, ms] of selfMs) {
  const frame = byId.get(id)!.callFrame;
  const name = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '')}:${frame.lineNumber + 1}`;
  functions.set(name, (functions.get(name) ?? 0) + ms);
  places.set(where(frame.url), (places.get(where(frame.url)) ?? 0) + ms);
  total += ms;
}
const print = (title: string, entries: Map<string, number>) => {
  process.stdout.write(`\n${title} (total ${Math.round(total)} ms)\n`);
  for (const [name, ms] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${ms.toFixed(0).padStart(8)} ms ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${name}\n`);
  }
};
print('self time by package or folder', places);
print('self time by function', functions);

if (inclusiveArgument) {
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const names = inclusiveArgument.split(',');
  const inclusive = new Map(names.map((name) => [name, 0]));
  for (const [id, ms] of selfMs) {
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      onStack.add(byId.get(at)!.callFrame.functionName);
    }
    for (const name of names) if (onStack.has(name)) inclusive.set(name, inclusive.get(name)! + ms);
  }
  print('total time through these functions', inclusive);
}
