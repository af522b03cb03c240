/**
 * The composition root: starting and stopping Orderly (used by main.ts, the CLI
 * and the tests). The only module, with src/app/, that knows every capability:
 * it builds the order reactions, the HTTP app with every routes file, the mail
 * transport, the card provider and the background workers.
 */
import type { Config } from './config.ts';
import { openDatabase, type Database, type DatabaseTarget } from './shared/db.ts';
import type { App, AppContext } from './http/types.ts';
import { buildHttpApp } from './app/http-app.ts';
import { buildOrderReactions } from './app/order-reactions.ts';
import { mailTransportFrom } from './app/mail-transport-choice.ts';
import { seedDemo } from './demo/demo-data.ts';
import { startMailDispatcher, type MailDispatcher } from './notifications/mail.worker.ts';
import { startFeedbackWorker } from './feedback/feedback.worker.ts';
import { quoteMail } from './quotes/quote-mail.ts';
import { startWebhookDispatcher } from './webhooks/webhook.worker.ts';
import { startReservationSweeper } from './storefront/reservation-expiry.worker.ts';
import { startAtRiskScanner } from './orders/at-risk.worker.ts';
import { startMailInListener, type MailInListener } from './intake/mail-in.listener.ts';
import { takeInMail } from './intake/take-in-mail.ts';
import { systemActor } from './shared/actor.ts';
import { ensureOwner, hasUsers } from './auth/auth.use-cases.ts';
import { randomSecret } from './auth/password.ts';

export function databaseTarget(config: Config): DatabaseTarget {
  return config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl, poolSize: config.poolSize, namedStatements: config.namedStatements } : { kind: 'pglite', dataDir: config.dataDir };
}

export type Running = { app: App; database: Database; mailer: MailDispatcher | undefined; mailIn: MailInListener | undefined; stop(): Promise<void> };

export async function startApp(config: Config, target: DatabaseTarget = databaseTarget(config), logStream?: NodeJS.WritableStream): Promise<Running> {
  const database = await openDatabase(target);
  try {
    const reactions = buildOrderReactions({ feedbackDayMs: config.feedbackDayMs });
    const demo = config.demoData ?? target.kind !== 'postgres' ? await seedDemo(database.db, reactions) : { seeded: false };
    const owner = config.ownerEmail && config.ownerPassword ? await ensureOwner(database.db, config.ownerEmail, config.ownerPassword) : { created: false };
    const setup = { token: (await hasUsers(database.db)) ? undefined : randomSecret(24) };
    const ctx: AppContext = { database, config, setup, ...(logStream ? { logStream } : {}) };
    const app = await buildHttpApp(ctx, reactions);
    database.availability.useLog(app.log);
    if (demo.seeded) app.log.info('Seeded the demo shop (products, customers, orders); remove it with: npm run orderly -- demo remove');
    if (owner.created) app.log.info(`Created the owner account ${config.ownerEmail ?? ''}: log in with it at http://localhost:${config.port}/`);
    if (setup.token) {
      app.log.warn(`No staff account exists yet. Create the owner at http://localhost:${config.port}/setup#${setup.token} (one-time link), or run: npm run orderly -- user create --role owner …`);
    }
    const mailer = config.outbox.worker ? startMailDispatcher(database.db, mailTransportFrom(config), config, app.log, (e) => database.availability.reportDown(e), { quote_sent: quoteMail }) : undefined;
    if (mailer) ctx.nudgeMail = () => mailer.nudge();
    const webhooks = config.outbox.worker ? startWebhookDispatcher(database.db, config, app.log, (e) => database.availability.reportDown(e)) : undefined;
    if (webhooks) ctx.nudgeWebhooks = () => webhooks.nudge();
    const sweeper = config.reservationSweepMs > 0 ? startReservationSweeper(database.db, reactions, config.reservationSweepMs, app.log) : undefined;
    const atRisk =
      config.outbox.worker && config.atRiskScanMs > 0
        ? await startAtRiskScanner(database.db, reactions, { intervalMs: config.atRiskScanMs, pollMs: Math.max(config.outbox.pollMs, 1000), leaseMs: config.outbox.leaseMs, retryBaseMs: config.outbox.retryBaseMs, retryMaxMs: config.outbox.retryMaxMs, log: app.log, onDatabaseUnavailable: (e) => database.availability.reportDown(e) })
        : undefined;
    const mailIn =
      config.mailIn.port !== undefined
        ? await startMailInListener({
            port: config.mailIn.port,
            host: config.mailIn.host,
            maxBytes: config.mailIn.maxBytes,
            log: app.log,
            takeIn: async (raw, envelopeFrom) => {
              await takeInMail(database.db, reactions, { raw, source: 'smtp', envelopeFrom }, config.mailIn.maxBytes, systemActor('mail in'));
            },
          })
        : undefined;
    const feedback = config.outbox.worker
      ? startFeedbackWorker(database.db, { pollMs: Math.max(config.outbox.pollMs, 500), leaseMs: config.outbox.leaseMs, retryBaseMs: config.outbox.retryBaseMs, retryMaxMs: config.outbox.retryMaxMs, log: app.log, onDatabaseUnavailable: (e) => database.availability.reportDown(e) })
      : undefined;
    return {
      app,
      database,
      mailer,
      mailIn,
      stop: async () => {
        await mailIn?.stop();
        await sweeper?.stop();
        await atRisk?.stop();
        await feedback?.stop();
        await mailer?.stop();
        await webhooks?.stop();
        await app.close();
        await database.close();
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}
