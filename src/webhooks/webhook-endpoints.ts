/** The owner's webhook endpoints: add one (its secret shown once), list, change, disable, delete. One use case per function, each one statement. */
import type { Conn } from '../shared/db.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError, notFound } from '../shared/errors.ts';
import type { WebhookEvent } from './webhook-vocabulary.ts';
import { newWebhookSecret } from './webhook-signature.ts';
import { webhookUrlProblem, type UrlPolicy } from './webhook-url.ts';
import { deleteEndpoint, findEndpoint, forgetActiveEndpoints, insertEndpoint, listEndpoints, updateEndpoint, type EndpointRow } from './webhooks.repository.ts';

function checkUrl(url: string, policy: UrlPolicy): void {
  const problem = webhookUrlProblem(url, policy);
  if (problem) throw new AppError('validation_failed', problem, [{ pointer: '/url', code: 'invalid_url', message: problem }]);
}

export type EndpointInput = { url: string; events: WebhookEvent[]; description?: string | undefined };

/** Answers the endpoint with its secret: the only time the secret is shown. */
export async function createEndpoint(conn: Conn, input: EndpointInput, policy: UrlPolicy, actor: Actor): Promise<EndpointRow> {
  checkUrl(input.url, policy);
  const row = await insertEndpoint(conn, { url: input.url, events: [...new Set(input.events)], description: input.description ?? '', secret: newWebhookSecret(), createdBy: actor });
  forgetActiveEndpoints();
  return row;
}

export const webhookEndpoints = (conn: Conn): Promise<EndpointRow[]> => listEndpoints(conn);

export async function changeEndpoint(conn: Conn, id: string, patch: { url?: string | undefined; events?: WebhookEvent[] | undefined; description?: string | undefined; active?: boolean | undefined }, policy: UrlPolicy): Promise<EndpointRow> {
  if (patch.url !== undefined) checkUrl(patch.url, policy);
  const row = await updateEndpoint(conn, id, {
    ...(patch.url !== undefined ? { url: patch.url } : {}),
    ...(patch.events !== undefined ? { events: [...new Set(patch.events)] } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.active !== undefined ? { active: patch.active } : {}),
  });
  forgetActiveEndpoints();
  if (!row) throw notFound('Webhook endpoint');
  return row;
}

/** Deletes the endpoint and its delivery log. */
export async function removeEndpoint(conn: Conn, id: string): Promise<void> {
  const deleted = await deleteEndpoint(conn, id);
  forgetActiveEndpoints();
  if (!deleted) throw notFound('Webhook endpoint');
}

export async function getEndpoint(conn: Conn, id: string): Promise<EndpointRow> {
  const row = await findEndpoint(conn, id);
  if (!row) throw notFound('Webhook endpoint');
  return row;
}
