/**
 * Orderly's command line: `npm run orderly -- <command>`.
 *   user create --email E --name N --role R [--password P | --password-stdin]
 *   user list
 *   user disable --email E        (ends their sessions at once)
 *   user enable --email E
 *   user set-password --email E [--password P | --password-stdin]
 *   token create --name N --role R   (prints the token once)
 *   demo remove | demo seed
 * Uses the same configuration as the server (DATABASE_URL or ORDERLY_DATA_DIR).
 * With the embedded database, stop the server first: the data folder takes one process.
 */
import 'dotenv/config';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig } from './config.ts';
import { databaseTarget } from './app.ts';
import { openDatabase } from './shared/db.ts';
import { DataDirLockedError } from './shared/dir-lock.ts';
import { AppError } from './shared/errors.ts';
import { changeUser, findUserByEmail, listUsers, createApiToken, createUser, passwordSchema } from './auth/auth.use-cases.ts';
import { ROLES } from './auth/permissions.ts';
import { removeDemo, seedDemo } from './demo/demo-data.ts';
import { buildOrderReactions } from './app/order-reactions.ts';

const USAGE = `usage: npm run orderly -- <command>
  user create --email E --name N --role ${ROLES.join('|')} [--password P | --password-stdin]
  user list
  user disable --email E | user enable --email E
  user set-password --email E [--password P | --password-stdin]
  token create --name N --role ${ROLES.join('|')}
  demo seed | demo remove`;

async function readStdin(): Promise<string> {
  let data = '';
  for await (const chunk of process.stdin) data += String(chunk);
  return data.replace(/\r?\n$/, '');
}

export async function runCli(argv: string[], out: (s: string) => void = console.log): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    },
  });
  const [noun, verb] = positionals;
  const known = ['user create', 'user list', 'user disable', 'user enable', 'user set-password', 'token create', 'demo seed', 'demo remove'];
  if (!known.includes(`${noun} ${verb}`)) {
    out(USAGE);
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase(databaseTarget(config));
  const { db } = database;
  const password = async () => {
    const p = values['password-stdin'] ? await readStdin() : values.password;
    return passwordSchema.parse(p);
  };
  const role = () => z.enum(ROLES).parse(values.role);
  const userByEmail = async () => {
    const u = await findUserByEmail(db, z.email().parse(values.email));
    if (!u) throw new AppError('not_found', `No user ${values.email}`);
    return u;
  };
  const cliActor = { actor: { kind: 'system' as const, name: 'cli' }, role: 'owner' as const, via: 'token' as const };
  try {
    switch (`${noun} ${verb}`) {
      case 'user create': {
        const u = await createUser(db, { email: z.email().parse(values.email), name: z.string().min(1).parse(values.name), role: role(), password: await password() });
        out(`created ${u.role} ${u.email} (${u.id})`);
        break;
      }
      case 'user list':
        for (const u of await listUsers(db)) out(`${u.email}\t${u.role}\t${u.disabled ? 'disabled' : 'active'}\t${u.name}`);
        break;
      case 'user disable':
      case 'user enable': {
        const u = await changeUser(db, (await userByEmail()).id, { disabled: verb === 'disable' }, cliActor);
        out(`${u.email} is ${u.disabled ? 'disabled; their sessions have ended' : 'enabled'}`);
        break;
      }
      case 'user set-password': {
        const u = await changeUser(db, (await userByEmail()).id, { password: await password() }, cliActor);
        out(`password changed for ${u.email}; their sessions have ended`);
        break;
      }
      case 'token create': {
        const t = await createApiToken(db, z.string().min(1).parse(values.name), role(), cliActor.actor, null);
        out(t.token);
        break;
      }
      case 'demo seed':
        out((await seedDemo(db, buildOrderReactions())).seeded ? 'demo data added' : 'nothing done: the demo was seeded before, or the catalog is not empty');
        break;
      case 'demo remove':
        out((await removeDemo(db)).removed ? 'demo data removed' : 'there is no demo data');
        break;
    }
    return 0;
  } finally {
    await database.close();
  }
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('cli.ts');
if (isMain) {
  runCli(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((e: unknown) => {
      if (e instanceof z.ZodError) console.error(e.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('\n'));
      else if (e instanceof ConfigError || e instanceof DataDirLockedError || e instanceof AppError) console.error(e.message);
      else console.error(e);
      process.exit(1);
    });
}
