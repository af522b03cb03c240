/** Composition root: configuration, database, HTTP. No logic. */
import 'dotenv/config';
import { ConfigError, loadConfig } from './config.ts';
import { DataDirLockedError } from './shared/dir-lock.ts';
import { startApp } from './app.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const running = await startApp(config);
  await running.app.listen({ port: config.port, host: config.host });
  const base = `http://localhost:${config.port}`;
  running.app.log.info(`Orderly is running on ${base}: the back office at ${base}/ (staff log-in), the shop at ${base}/shop, the API docs at ${base}/docs (database: ${running.database.engine})`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.app.log.info(`${signal}: stopping`);
    await running.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof DataDirLockedError) {
    console.error(e.message);
  } else {
    console.error(e);
  }
  process.exit(1);
});
