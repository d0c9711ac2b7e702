import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './project-paths.js';

let cached: string | undefined;

/** The version in package.json (reported by /health and in the OpenAPI document). */
export function readPackageVersion(): string {
  cached ??= (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string })
    .version;
  return cached;
}
