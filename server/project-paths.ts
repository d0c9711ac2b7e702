/** Where the project's files are, whether running from source (tsx, tests) or from dist/. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(directory, 'package.json');
    if (fs.existsSync(candidate)) {
      const parsed = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string };
      if (parsed.name === 'sportello') return directory;
    }
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error('Cannot find the Sportello project root');
    directory = parent;
  }
}

export const projectRoot = findProjectRoot();

/** The built web app (vite build output). */
export const webDirectory = path.join(projectRoot, 'dist', 'web');
