/**
 * An SMTP server inside the test process: it receives what Orderly sends, parses
 * each message, and can be taken down and brought back on the same port, made
 * to refuse a recipient for good (550), or made to hang in the middle of a
 * message (to kill the sender mid-send).
 */
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { simpleParser } from 'mailparser';
import net from 'node:net';

export type ReceivedMail = { to: string[]; from: string; subject: string; text: string; html: string; messageId: string; headers: Map<string, unknown>; raw: string; attachments: { filename: string; contentType: string; content: Buffer }[] };

export type TestSmtp = {
  port: number;
  url: string;
  messages: ReceivedMail[];
  /** Recipients refused with 550 (a permanent rejection). */
  reject: Set<string>;
  /** While set, messages are read but never answered: the sender waits mid-send. */
  hang: boolean;
  /** Resolves when a message has started arriving (DATA) while `hang` is set. */
  dataStarted(): Promise<void>;
  down(): Promise<void>;
  up(): Promise<void>;
  waitFor(pred: (m: ReceivedMail) => boolean, timeoutMs?: number, count?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function startSmtp(): Promise<TestSmtp> {
  const port = await freePort();
  const messages: ReceivedMail[] = [];
  const reject = new Set<string>();
  let server: SMTPServer | undefined;
  let dataWaiters: (() => void)[] = [];
  const state = { hang: false };

  const make = () =>
    new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      hideSTARTTLS: true,
      onRcptTo(address, _session, cb) {
        if (reject.has(address.address.toLowerCase())) {
          const err = new Error('No such user here') as Error & { responseCode: number };
          err.responseCode = 550;
          cb(err);
          return;
        }
        cb();
      },
      onData(stream: SMTPServerDataStream, _session, cb) {
        const chunks: Buffer[] = [];
        if (state.hang) {
          for (const w of dataWaiters) w();
          dataWaiters = [];
          // Swallow the message and never answer; the sender stays mid-send until it dies.
          stream.on('data', () => undefined);
          return;
        }
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((m) => {
              const to = m.to ? (Array.isArray(m.to) ? m.to : [m.to]).flatMap((a) => a.value.map((v) => v.address ?? '')) : [];
              messages.push({ to, from: m.from?.text ?? '', subject: m.subject ?? '', text: m.text ?? '', html: typeof m.html === 'string' ? m.html : '', messageId: m.messageId ?? '', headers: m.headers as Map<string, unknown>, raw, attachments: m.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, content: a.content })) });
              cb();
            })
            .catch((e: unknown) => cb(e instanceof Error ? e : new Error(String(e))));
        });
      },
    });

  const up = () =>
    new Promise<void>((resolve, reject) => {
      server = make();
      server.on('error', () => undefined);
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const down = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = undefined;
      if (!s) return resolve();
      for (const c of s.connections) (c as unknown as { _socket?: net.Socket })._socket?.destroy();
      s.close(() => resolve());
    });

  await up();
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    reject,
    get hang() {
      return state.hang;
    },
    set hang(v: boolean) {
      state.hang = v;
    },
    dataStarted: () => new Promise<void>((resolve) => dataWaiters.push(resolve)),
    up,
    down,
    async waitFor(pred, timeoutMs = 20_000, count = 1) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.filter(pred);
        if (found.length >= count) return found;
        if (Date.now() > until) throw new Error(`Timed out waiting for ${count} message(s); have ${messages.length}: ${messages.map((m) => m.subject).join(' | ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: down,
  };
}

/** Polls until `fn` returns something truthy. */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
