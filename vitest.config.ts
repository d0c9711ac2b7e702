import { defineConfig } from 'vitest/config';

// Server tests run on PGlite always, and again on PostgreSQL when TEST_DATABASE_URL is set
// (`*.db.test.ts` are the ones that touch the database). Two workers: the machines have 2 cores and
// each PGlite copy takes hundreds of MB.
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

const shared = {
  globalSetup: ['server/test-support/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 120_000,
  pool: 'forks' as const,
};

export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...shared,
          name: 'pglite',
          include: ['server/**/*.test.ts'],
          env: { SPORTELLO_TEST_DATABASE: 'pglite' },
        },
      },
      ...(onPostgres
        ? [
            {
              test: {
                ...shared,
                name: 'postgres',
                include: ['server/**/*.db.test.ts'],
                env: { SPORTELLO_TEST_DATABASE: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
