/** `npm run migrate`: applies pending migrations to the configured database, then exits. */
import { loadConfig } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import { applyMigrations } from '../db/migrate.js';

export async function runCommand(_args: string[]): Promise<number> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDirectory: config.dataDirectory });
  try {
    const { applied, outOfOrder } = await applyMigrations(database);
    if (outOfOrder.length > 0) {
      process.stdout.write(`Applied out of order (merged after later ones): ${outOfOrder.join(', ')}\n`);
    }
    process.stdout.write(
      `${applied.length} migrations applied (${database.kind === 'pglite' ? config.dataDirectory : 'PostgreSQL'}).\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
}
