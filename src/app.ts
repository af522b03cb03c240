/** Starting and stopping Orderly: used by main.ts, the CLI and the tests. */
import type { Config } from './config.ts';
import { openDatabase, type Database, type DatabaseTarget } from './shared/db.ts';
import { buildServer } from './http/server.ts';
import type { App, AppContext } from './http/types.ts';
import { seedDemo } from './demo/demo-data.ts';
import { startMailDispatcher, type MailDispatcher } from './notifications/mail.worker.ts';

export function databaseTarget(config: Config): DatabaseTarget {
  return config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl, poolSize: config.poolSize } : { kind: 'pglite', dataDir: config.dataDir };
}

export type Running = { app: App; database: Database; mailer: MailDispatcher | undefined; stop(): Promise<void> };

export async function startApp(config: Config, target: DatabaseTarget = databaseTarget(config)): Promise<Running> {
  const database = await openDatabase(target);
  try {
    if (config.demoData) await seedDemo(database.db);
    const ctx: AppContext = { database, config };
    const app = await buildServer(ctx);
    const mailer = config.outbox.worker ? startMailDispatcher(database.db, config, app.log) : undefined;
    if (mailer) ctx.nudgeMail = () => mailer.nudge();
    return {
      app,
      database,
      mailer,
      stop: async () => {
        await mailer?.stop();
        await app.close();
        await database.close();
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}
