/** An API token acts with at most its maker's current rights (issue 8, finding 9), through HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestServer, type Api, type TestServer } from '../support/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

/** A second owner, logged in, and a token they made with this role. */
async function ownerWithToken(role: string): Promise<{ ownerId: string; token: Api }> {
  const owner = await s.as('owner');
  const made = await owner.post<{ token: string }>('/api/v1/api-tokens', { name: `integration ${role}`, role });
  expect(made.status).toBe(201);
  return { ownerId: owner.user.id, token: apiClient(s.url, () => ({ authorization: `Bearer ${made.body.token}` })) };
}

describe("API tokens and their maker's rights", () => {
  it("a disabled owner's token is refused with 401 at once, and works again when the owner is enabled again", async () => {
    const { ownerId, token } = await ownerWithToken('owner');
    expect((await token.get('/api/v1/users')).status).toBe(200);
    expect((await s.api.patch(`/api/v1/users/${ownerId}`, { disabled: true })).status).toBe(200);
    const refused = await token.get<{ code: string }>('/api/v1/users');
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('unauthenticated');
    expect((await token.get('/api/v1/orders')).status).toBe(401);
    expect((await s.api.patch(`/api/v1/users/${ownerId}`, { disabled: false })).status).toBe(200);
    expect((await token.get('/api/v1/users')).status).toBe(200);
  });

  it("an owner token of a maker demoted to warehouse can do what warehouse can, and nothing more", async () => {
    const { ownerId, token } = await ownerWithToken('owner');
    expect((await s.api.patch(`/api/v1/users/${ownerId}`, { role: 'warehouse' })).status).toBe(200);
    expect((await token.get('/api/v1/users')).status).toBe(403);
    expect((await token.get('/api/v1/api-tokens')).status).toBe(403);
    expect((await token.get('/api/v1/payments/unpaid')).status).toBe(403);
    expect((await token.patch('/api/v1/settings', { businessName: 'Taken over' })).status).toBe(403);
    expect((await token.get('/api/v1/orders')).status).toBe(200);
    expect((await token.get('/api/v1/settings')).status).toBe(200);
    // The demoted maker cannot mint a new owner token with it either.
    expect((await token.post('/api/v1/api-tokens', { name: 'escalate', role: 'owner' })).status).toBe(403);
  });

  it('a token keeps its own, narrower role when its maker is demoted to a role that includes it', async () => {
    const { ownerId, token } = await ownerWithToken('viewer');
    expect((await s.api.patch(`/api/v1/users/${ownerId}`, { role: 'accounts' })).status).toBe(200);
    expect((await token.get('/api/v1/orders')).status).toBe(200);
    expect((await token.post('/api/v1/orders/00000000-0000-4000-8000-000000000000/hold', { reason: 'r' })).status).toBe(403);
  });

  it('a sales token whose maker is now warehouse is refused: no role is within both', async () => {
    const { ownerId, token } = await ownerWithToken('sales');
    expect((await token.get('/api/v1/customers')).status).toBe(200);
    expect((await s.api.patch(`/api/v1/users/${ownerId}`, { role: 'warehouse' })).status).toBe(200);
    expect((await token.get('/api/v1/customers')).status).toBe(401);
  });

  it('a token made by a token is bound to the same person', async () => {
    const { ownerId, token } = await ownerWithToken('owner');
    const child = await token.post<{ token: string }>('/api/v1/api-tokens', { name: 'made by a token', role: 'owner' });
    expect(child.status).toBe(201);
    const childApi = apiClient(s.url, () => ({ authorization: `Bearer ${child.body.token}` }));
    expect((await childApi.get('/api/v1/users')).status).toBe(200);
    expect((await s.api.patch(`/api/v1/users/${ownerId}`, { disabled: true })).status).toBe(200);
    expect((await childApi.get('/api/v1/users')).status).toBe(401);
  });
});
