/** Starting and stopping Orderly: used by main.ts, the CLI and the tests. */
import type { Config } from './config.ts';
import { openDatabase, type Database, type DatabaseTarget } from './shared/db.ts';
import { buildServer } from './http/server.ts';
import type { App } from './http/types.ts';
import { seedDemo } from './demo/demo-data.ts';
import { ensureOwner, hasUsers } from './auth/auth.use-cases.ts';
import { randomSecret } from './auth/password.ts';

export function databaseTarget(config: Config): DatabaseTarget {
  return config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl, poolSize: config.poolSize } : { kind: 'pglite', dataDir: config.dataDir };
}

export type Running = { app: App; database: Database; stop(): Promise<void> };

export async function startApp(config: Config, target: DatabaseTarget = databaseTarget(config), logStream?: NodeJS.WritableStream): Promise<Running> {
  const database = await openDatabase(target);
  try {
    if (config.demoData ?? target.kind !== 'postgres') await seedDemo(database.db);
    if (config.ownerEmail && config.ownerPassword) await ensureOwner(database.db, config.ownerEmail, config.ownerPassword);
    const setup = { token: (await hasUsers(database.db)) ? undefined : randomSecret(24) };
    const app = await buildServer({ database, config, setup, ...(logStream ? { logStream } : {}) });
    if (setup.token) {
      app.log.warn(`No staff account exists yet. Create the owner at http://localhost:${config.port}/setup#${setup.token} (one-time link), or run: npm run orderly -- user create --role owner …`);
    }
    return {
      app,
      database,
      stop: async () => {
        await app.close();
        await database.close();
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}
