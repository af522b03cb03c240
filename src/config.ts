import { isIP } from 'node:net';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** proxy-addr's names for address ranges, accepted in ORDERLY_TRUST_PROXY. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [addr = '', prefix, extra] = entry.split('/');
  const family = isIP(addr);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which proxies in front of us may say who the client is (X-Forwarded-For/-Proto/-Host):
 * none (`false`, `0`, unset), or the proxies' own addresses and ranges. The client is then
 * the first address, from the right of X-Forwarded-For, that is not one of them.
 * Refused: `true` (every hop: any client could write its own address and escape every
 * per-address limit) and a hop count (it cannot check that the request really came
 * through the proxy; Fastify 5.12.1+ ignores it for that reason).
 */
const trustProxyFromEnv = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    if (v === 'false' || v === 'no' || v === '0') return;
    const example = 'list the addresses or ranges of the proxies in front of Orderly instead, e.g. 127.0.0.1 or 10.0.0.0/8,172.16.0.0/12 or loopback';
    if (v === 'true' || v === 'yes') {
      ctx.addIssue({ code: 'custom', message: `true (trust every hop) is not accepted: any client could then choose its own address and escape every per-address limit; ${example}` });
    } else if (/^\d+$/.test(v)) {
      ctx.addIssue({ code: 'custom', message: `a hop count is not accepted: it cannot tell a request that came through the proxy from one that did not; ${example}` });
    } else if (!v.split(',').every((e) => isProxyAddress(e.trim()))) {
      ctx.addIssue({ code: 'custom', message: 'must be false, or a comma-separated list of IP addresses, CIDR ranges (10.0.0.0/8) or the names loopback, linklocal, uniquelocal' });
    }
  })
  .transform((v): false | string[] => (v === 'false' || v === 'no' || v === '0' ? false : v.split(',').map((e) => e.trim())));

/** Every setting Orderly reads from the environment, with its default. */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  ORDERLY_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Server-side prepared statements on PostgreSQL; turn off behind a transaction-pooling proxy (PgBouncer in transaction mode). */
  ORDERLY_PG_NAMED_STATEMENTS: booleanFromEnv.default(true),
  /** Every response body written both by the compiled serializer and by zod, and refused (500) if they differ: a check for the test suite and development, not for production. */
  ORDERLY_VERIFY_SERIALIZER: booleanFromEnv.default(false),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  /** pretty: one readable line per event; json: one JSON object per line (for log collectors); auto: pretty on a terminal, else json. */
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  ORDERLY_DEMO_DATA: booleanFromEnv.optional(),
  ORDERLY_OWNER_EMAIL: z.email().optional(),
  ORDERLY_OWNER_PASSWORD: z.string().min(10, 'must be at least 10 characters').max(200).optional(),
  ORDERLY_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(10),
  ORDERLY_PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(30),
  /** Storefront reads (GET /api/v1/public/catalog) per minute per client address. */
  ORDERLY_PUBLIC_READ_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(300),
  /** Failed log-ins from one client address (any accounts) before that address must wait out the window. */
  ORDERLY_LOGIN_ADDRESS_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(5),
  /** Failed log-ins for one e-mail address (from any addresses) before that account must wait out the window. */
  ORDERLY_LOGIN_ACCOUNT_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(10),
  /** The failure window, fixed from its first failure: a lock ends when it ends, however many more tries come. */
  ORDERLY_LOGIN_LOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  ORDERLY_TRUST_PROXY: trustProxyFromEnv.default(false),
  ORDERLY_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
  /** Where customers reach this server: the base of the links in e-mails. Defaults to http://localhost:PORT. */
  ORDERLY_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** smtp://user:pass@host:587 or smtps://…; without it mail is kept in the local mailbox (GET /api/v1/mail). */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  SMTP_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(20_000),
  SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(5),
  /** The From address; defaults to the business name and contact e-mail from the settings. */
  MAIL_FROM: z.string().min(3).max(300).optional(),
  ORDERLY_OUTBOX_WORKER: booleanFromEnv.default(true),
  ORDERLY_OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  ORDERLY_OUTBOX_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
  ORDERLY_OUTBOX_BATCH: z.coerce.number().int().min(1).max(500).default(20),
  ORDERLY_MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  ORDERLY_OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
  ORDERLY_OUTBOX_RETRY_MAX_MS: z.coerce.number().int().min(10).max(86_400_000).default(3_600_000),
  /** How long a webhook receiver has to answer (at most half the outbox lease less a second). */
  ORDERLY_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Attempts per webhook delivery (exponential back-off between them) before it is marked failed. */
  ORDERLY_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** Let webhooks go to http:// and to private, loopback and link-local addresses: for tests and local development only, never in production. */
  ORDERLY_WEBHOOK_ALLOW_PRIVATE_TARGETS: booleanFromEnv.default(false),
  /** How often this process cancels expired storefront reservations (0: never; another process or POST /api/v1/reservations/expire does it). */
  ORDERLY_RESERVATION_SWEEP_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  /** How often the at-risk scan runs (a durable job in the database; 0: this process does not run it). */
  ORDERLY_AT_RISK_SCAN_MS: z.coerce.number().int().min(0).max(86_400_000).default(3_600_000),
  /** How long a "day" is for the feedback request's delay after delivery (settings.feedback.delayDays), in ms: a day, shorter only in tests. */
  ORDERLY_FEEDBACK_DAY_MS: z.coerce.number().int().min(1).max(86_400_000).default(86_400_000),
  /** How long a customer's order-page link works (days); the customer can ask for a fresh one by e-mail. */
  ORDERLY_ORDER_LINK_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** How long a verify link works (days). */
  ORDERLY_VERIFY_LINK_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  /** How long the link in a draft sent back to the customer to complete works (and its reminder's). */
  ORDERLY_COMPLETE_LINK_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  /** Requests for a fresh order link (POST /api/v1/public/order-links) per address per hour. */
  ORDERLY_LINK_RENEWAL_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(5),
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_/, 'must be a Stripe secret key (sk_… or rk_…)').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_/, 'must be a Stripe webhook signing secret (whsec_…)').optional(),
  /** Another address for the Stripe API (a local stand-in or stripe-mock), e.g. http://127.0.0.1:12111. */
  STRIPE_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
  /** Mail in: the port of Orderly's own SMTP listener (unset: no listener; pasting or uploading a message in the back office always works). */
  ORDERLY_MAIL_IN_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The address the listener binds to; 127.0.0.1 by default (put it behind the business's MX, which forwards to it). */
  ORDERLY_MAIL_IN_HOST: z.string().min(1).default('127.0.0.1'),
  /** The largest message taken in (listener and upload): bigger ones are refused with a reason. */
  ORDERLY_MAIL_IN_MAX_BYTES: z.coerce.number().int().min(10_000).max(50 * 1024 * 1024).default(10 * 1024 * 1024),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  poolSize: number;
  namedStatements: boolean;
  /** Run zod's serializer beside the compiled one on every response and refuse a difference (src/http/compiled-serializer.ts). */
  verifySerializer: boolean;
  logLevel: (typeof logLevels)[number];
  logFormat: 'pretty' | 'json';
  /** Seed the demo shop on an empty database; by default only on the embedded engine. */
  demoData: boolean | undefined;
  bodyLimit: number;
  publicUrl: string;
  mail: { smtpUrl: string | undefined; from: string | undefined; timeoutMs: number; poolSize: number; maxAttempts: number };
  outbox: { worker: boolean; pollMs: number; leaseMs: number; batchSize: number; retryBaseMs: number; retryMaxMs: number };
  stripe: { secretKey: string | undefined; webhookSecret: string | undefined; apiBase: string | undefined };
  /** Outgoing webhooks: the receiver's time to answer, attempts per delivery, and whether private targets are allowed (tests only). */
  webhooks: { timeoutMs: number; maxAttempts: number; allowPrivateTargets: boolean };
  /** Customer links: how long they work, and how often a fresh one may be asked for. */
  links: { orderStatusDays: number; verifyDays: number; completeDays: number; renewalRateLimit: number };
  ownerEmail: string | undefined;
  ownerPassword: string | undefined;
  loginRateLimit: number;
  publicRateLimit: number;
  publicReadRateLimit: number;
  loginThrottle: { addressMaxFailures: number; accountMaxFailures: number; windowSeconds: number };
  /** Fastify's trustProxy: nothing (false), or the proxies' addresses and ranges. */
  trustProxy: false | string[];
  reservationSweepMs: number;
  atRiskScanMs: number;
  /** Mail in: the SMTP listener (port undefined: none) and the largest message taken in. */
  mailIn: { port: number | undefined; host: string; maxBytes: number };
  /** The length of a day in the feedback request's delay (tests shorten it). */
  feedbackDayMs: number;
};

/** Names each bad variable and the rule it breaks; never the value, which may hold a secret (a password in DATABASE_URL or SMTP_URL). */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** A validation message with the given value cut out, in case a rule ever quotes its input. */
function withoutValue(message: string, value: string | undefined): string {
  return value && value.length >= 8 ? message.split(value).join('[value hidden]') : message;
}

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${withoutValue(i.message, cleaned[String(i.path[0])])}`),
    );
  }
  const c = parsed.data;
  if (c.ORDERLY_OUTBOX_LEASE_MS < 2 * c.SMTP_TIMEOUT_MS) {
    throw new ConfigError(['ORDERLY_OUTBOX_LEASE_MS must be at least twice SMTP_TIMEOUT_MS, or a slow send could be sent twice']);
  }
  if (c.ORDERLY_LOGIN_ACCOUNT_MAX_FAILURES < 2 * c.ORDERLY_LOGIN_ADDRESS_MAX_FAILURES) {
    throw new ConfigError(['ORDERLY_LOGIN_ACCOUNT_MAX_FAILURES must be at least twice ORDERLY_LOGIN_ADDRESS_MAX_FAILURES, or one client address could lock an account on its own']);
  }
  if (Boolean(c.ORDERLY_OWNER_EMAIL) !== Boolean(c.ORDERLY_OWNER_PASSWORD)) {
    throw new ConfigError(['ORDERLY_OWNER_EMAIL and ORDERLY_OWNER_PASSWORD go together: set both or neither']);
  }
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: c.ORDERLY_DATA_DIR,
    databaseUrl: c.DATABASE_URL,
    poolSize: c.DATABASE_POOL_SIZE,
    namedStatements: c.ORDERLY_PG_NAMED_STATEMENTS,
    verifySerializer: c.ORDERLY_VERIFY_SERIALIZER,
    logLevel: c.LOG_LEVEL,
    logFormat: c.LOG_FORMAT === 'auto' ? (process.stdout.isTTY ? 'pretty' : 'json') : c.LOG_FORMAT,
    demoData: c.ORDERLY_DEMO_DATA,
    bodyLimit: c.ORDERLY_BODY_LIMIT_BYTES,
    publicUrl: (c.ORDERLY_PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, ''),
    mail: { smtpUrl: c.SMTP_URL, from: c.MAIL_FROM, timeoutMs: c.SMTP_TIMEOUT_MS, poolSize: c.SMTP_POOL_SIZE, maxAttempts: c.ORDERLY_MAIL_MAX_ATTEMPTS },
    outbox: {
      worker: c.ORDERLY_OUTBOX_WORKER,
      pollMs: c.ORDERLY_OUTBOX_POLL_MS,
      leaseMs: c.ORDERLY_OUTBOX_LEASE_MS,
      batchSize: c.ORDERLY_OUTBOX_BATCH,
      retryBaseMs: c.ORDERLY_OUTBOX_RETRY_BASE_MS,
      retryMaxMs: c.ORDERLY_OUTBOX_RETRY_MAX_MS,
    },
    stripe: { secretKey: c.STRIPE_SECRET_KEY, webhookSecret: c.STRIPE_WEBHOOK_SECRET, apiBase: c.STRIPE_API_BASE },
    // Well inside the outbox lease, so a slow receiver's row is not claimed (and sent) a second time meanwhile.
    webhooks: { timeoutMs: Math.max(100, Math.min(c.ORDERLY_WEBHOOK_TIMEOUT_MS, Math.floor(c.ORDERLY_OUTBOX_LEASE_MS / 2) - 1000)), maxAttempts: c.ORDERLY_WEBHOOK_MAX_ATTEMPTS, allowPrivateTargets: c.ORDERLY_WEBHOOK_ALLOW_PRIVATE_TARGETS },
    links: { orderStatusDays: c.ORDERLY_ORDER_LINK_DAYS, verifyDays: c.ORDERLY_VERIFY_LINK_DAYS, completeDays: c.ORDERLY_COMPLETE_LINK_DAYS, renewalRateLimit: c.ORDERLY_LINK_RENEWAL_RATE_LIMIT },
    ownerEmail: c.ORDERLY_OWNER_EMAIL,
    ownerPassword: c.ORDERLY_OWNER_PASSWORD,
    loginRateLimit: c.ORDERLY_LOGIN_RATE_LIMIT,
    publicRateLimit: c.ORDERLY_PUBLIC_RATE_LIMIT,
    publicReadRateLimit: c.ORDERLY_PUBLIC_READ_RATE_LIMIT,
    loginThrottle: { addressMaxFailures: c.ORDERLY_LOGIN_ADDRESS_MAX_FAILURES, accountMaxFailures: c.ORDERLY_LOGIN_ACCOUNT_MAX_FAILURES, windowSeconds: c.ORDERLY_LOGIN_LOCK_SECONDS },
    trustProxy: c.ORDERLY_TRUST_PROXY,
    reservationSweepMs: c.ORDERLY_RESERVATION_SWEEP_MS,
    atRiskScanMs: c.ORDERLY_AT_RISK_SCAN_MS,
    mailIn: { port: c.ORDERLY_MAIL_IN_PORT, host: c.ORDERLY_MAIL_IN_HOST, maxBytes: c.ORDERLY_MAIL_IN_MAX_BYTES },
    feedbackDayMs: c.ORDERLY_FEEDBACK_DAY_MS,
  };
}
