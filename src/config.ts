import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

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
  LOG_LEVEL: z.enum(logLevels).default('info'),
  ORDERLY_DEMO_DATA: booleanFromEnv.optional(),
  ORDERLY_OWNER_EMAIL: z.email().optional(),
  ORDERLY_OWNER_PASSWORD: z.string().min(10, 'must be at least 10 characters').max(200).optional(),
  ORDERLY_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(10),
  ORDERLY_PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(30),
  ORDERLY_TRUST_PROXY: booleanFromEnv.default(false),
  ORDERLY_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  poolSize: number;
  logLevel: (typeof logLevels)[number];
  /** Seed the demo shop on an empty database; by default only on the embedded engine. */
  demoData: boolean | undefined;
  bodyLimit: number;
  ownerEmail: string | undefined;
  ownerPassword: string | undefined;
  loginRateLimit: number;
  publicRateLimit: number;
  trustProxy: boolean;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(cleaned[String(i.path[0])])})`),
    );
  }
  const c = parsed.data;
  if (Boolean(c.ORDERLY_OWNER_EMAIL) !== Boolean(c.ORDERLY_OWNER_PASSWORD)) {
    throw new ConfigError(['ORDERLY_OWNER_EMAIL and ORDERLY_OWNER_PASSWORD go together: set both or neither']);
  }
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: c.ORDERLY_DATA_DIR,
    databaseUrl: c.DATABASE_URL,
    poolSize: c.DATABASE_POOL_SIZE,
    logLevel: c.LOG_LEVEL,
    demoData: c.ORDERLY_DEMO_DATA,
    bodyLimit: c.ORDERLY_BODY_LIMIT_BYTES,
    ownerEmail: c.ORDERLY_OWNER_EMAIL,
    ownerPassword: c.ORDERLY_OWNER_PASSWORD,
    loginRateLimit: c.ORDERLY_LOGIN_RATE_LIMIT,
    publicRateLimit: c.ORDERLY_PUBLIC_RATE_LIMIT,
    trustProxy: c.ORDERLY_TRUST_PROXY,
  };
}
