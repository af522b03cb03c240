/**
 * Orderly's own SMTP listener (smtp-server): it takes messages in for the business — never
 * relays — and hands each to takeInMail. A message over the size limit is refused with 552 as
 * it arrives; one that cannot be stored right now gets a temporary 451, so the sending server
 * tries again later and nothing is lost.
 */
import { SMTPServer } from 'smtp-server';
import type { FastifyBaseLogger } from 'fastify';

export type MailInListener = { port: number; stop(): Promise<void> };
export type TakeIn = (raw: Buffer, envelopeFrom: string | null) => Promise<void>;

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

export async function startMailInListener(opts: { port: number; host: string; maxBytes: number; takeIn: TakeIn; log: FastifyBaseLogger }): Promise<MailInListener> {
  const server = new SMTPServer({
    name: 'orderly',
    banner: 'Orderly mail in',
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideSTARTTLS: true,
    size: opts.maxBytes,
    logger: false,
    maxClients: 20,
    socketTimeout: 60_000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= opts.maxBytes) chunks.push(c);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded || size > opts.maxBytes) {
          callback(smtpError(552, `Message too large: at most ${opts.maxBytes} bytes are taken in`));
          return;
        }
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address || null : null;
        opts.takeIn(Buffer.concat(chunks), envelopeFrom).then(
          () => callback(),
          (e: unknown) => {
            const code = (e as { code?: string }).code;
            if (code === 'validation_failed' || code === 'payload_too_large') {
              callback(smtpError(554, (e as Error).message));
            } else {
              opts.log.error({ err: e }, 'mail in: could not store a message; the sender is asked to try again');
              callback(smtpError(451, 'Could not store the message right now; try again later'));
            }
          },
        );
      });
    },
  });
  server.on('error', (e) => opts.log.error({ err: e }, 'mail in: listener error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  opts.log.info(`Mail in: listening for SMTP on ${opts.host}:${port}`);
  return { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
