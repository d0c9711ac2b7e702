import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the modules' schema files and applied unchanged to PGlite and
// PostgreSQL (docs/adr/0001-query-layer-drizzle.md).
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/modules/*/*.schema.ts',
  out: './server/db/migrations',
});
