import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { business, command, mailOf, placeOrder, setSettings, timeline, type OrderBody } from '../support/orders.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';

let s: TestServer;
let smtp: TestSmtp;
beforeAll(async () => {
  // A real SMTP server in the test: the verify link exists only in the e-mail as delivered.
  smtp = await startSmtp();
  s = await startTestServer({}, { SMTP_URL: smtp.url, ORDERLY_OUTBOX_POLL_MS: '50', ORDERLY_PUBLIC_URL: 'https://shop.example' });
  await setSettings(s.api, business);
});
afterAll(async () => {
  await s?.close();
  await smtp?.close();
});

type Queue = { items: { id: string }[] };
const queue = async () => (await s.api.get<Queue>('/api/v1/orders/to-verify')).body.items.map((o) => o.id);

describe('verification', () => {
  it('by default no order needs verifying: a placed order is confirmed straight away', async () => {
    await setSettings(s.api, { verification: { mode: 'never' } });
    const order = await placeOrder(s.api);
    expect((await command(s.api, order.id, 'confirm')).status).toBe(200);
  });

  it('above an amount: the big order waits in the "to verify" queue and cannot be confirmed until staff verify it by phone', async () => {
    await setSettings(s.api, { verification: { mode: 'above_amount', amountMinor: 200_000 } });
    const small = await placeOrder(s.api, { priceMinor: 10_000 });
    const big = await placeOrder(s.api, { priceMinor: 300_000 });
    expect(await queue()).toContain(big.id);
    expect(await queue()).not.toContain(small.id);
    // The order never offers a command the verification policy would refuse.
    expect(big.allowedCommands).toEqual(['edit', 'verify', 'hold', 'cancel', 'add_note']);
    expect((await s.api.get<OrderBody>(`/api/v1/orders/${big.id}`)).body.allowedCommands).not.toContain('confirm');
    expect(small.allowedCommands).toContain('confirm');

    expect((await command(s.api, small.id, 'confirm')).status).toBe(200);
    const refused = await command(s.api, big.id, 'confirm');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('verification_required');

    const verified = await command(s.api, big.id, 'verify', { how: 'phone', note: 'Called Ada, all correct' });
    expect(verified.status).toBe(200);
    expect(verified.body.status).toBe('verified');
    expect(verified.body.allowedCommands).toContain('confirm');
    expect(await queue()).not.toContain(big.id);
    const entry = (await timeline(s.api, big.id)).find((e) => e.type === 'verified');
    expect(entry?.data).toMatchObject({ how: 'phone', note: 'Called Ada, all correct' });
    expect((await command(s.api, big.id, 'confirm')).status).toBe(200);
  });

  it('by channel: phone orders need verifying, web orders do not', async () => {
    await setSettings(s.api, { verification: { mode: 'by_channel', channels: ['phone'] } });
    const phone = await placeOrder(s.api, { overrides: { channel: 'phone' } });
    const web = await placeOrder(s.api, { overrides: { channel: 'web' } });
    expect((await command(s.api, phone.id, 'confirm')).body.code).toBe('verification_required');
    expect((await command(s.api, web.id, 'confirm')).status).toBe(200);
  });

  it('the customer is asked by e-mail when the order is placed, and verifies through the link; a second click changes nothing', async () => {
    await setSettings(s.api, { verification: { mode: 'always' } });
    const order = await placeOrder(s.api);
    const [asked] = await mailOf(s.api, order.id);
    expect(asked).toMatchObject({ template: 'verification_request', subject: `Please check your order ${order.number}` });
    // The mail log shows where the link goes, never a working one.
    const logged = await s.api.get<{ text: string; html: string; status: string }>(`/api/v1/mail/${asked?.id}`);
    expect(logged.body.text).toContain('https://shop.example/verify/[personal-link-made-when-sent]');
    expect(logged.body.text).not.toMatch(/\/verify\/[A-Za-z0-9_-]{43}/);
    const [mail] = await smtp.waitFor((m) => m.subject === `Please check your order ${order.number}`);
    const token = /https:\/\/shop\.example\/verify\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1];
    expect(token).toBeDefined();

    const shown = await s.anon.get<{ number: string; verification: { required: boolean } }>(`/api/v1/public/verify/${token}`);
    expect(shown.body).toMatchObject({ number: order.number, verification: { required: true } });

    const first = await s.anon.post<{ status: string; verification: { verified: boolean } }>(`/api/v1/public/verify/${token}`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'verified', verification: { verified: true } });
    const again = await s.anon.post<{ status: string }>(`/api/v1/public/verify/${token}`);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('verified');

    const entries = (await timeline(s.api, order.id)).filter((e) => e.type === 'verified');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: { kind: 'customer' }, data: { how: 'access_link' } });
    expect((await command(s.api, order.id, 'confirm')).status).toBe(200);
  });

  it('staff can ask again, with a fresh link; an order that needs no verifying sends no such mail', async () => {
    await setSettings(s.api, { verification: { mode: 'by_channel', channels: ['email'] } });
    const quiet = await placeOrder(s.api, { overrides: { channel: 'phone' } });
    expect(await mailOf(s.api, quiet.id)).toEqual([]);
    const order = await placeOrder(s.api, { overrides: { channel: 'email' } });
    const again = await s.api.post<{ mailId: string }>(`/api/v1/orders/${order.id}/verification-request`);
    expect(again.status).toBe(202);
    expect((await mailOf(s.api, order.id)).map((m) => m.template)).toEqual(['verification_request', 'verification_request']);
  });
});
