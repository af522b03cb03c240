/** Which database engine the suite runs on: TEST_DB=pglite (default) or TEST_DB=postgres. */
export type TestEngine = 'pglite' | 'postgres';

export function testEngine(): TestEngine {
  const v = process.env.TEST_DB ?? 'pglite';
  if (v !== 'pglite' && v !== 'postgres') throw new Error(`TEST_DB must be pglite or postgres, got ${v}`);
  return v;
}

/** A PostgreSQL URL whose role may create databases; each test file makes its own. */
export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}
