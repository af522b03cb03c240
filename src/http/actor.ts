/** Who is making a request. Authentication (staff sessions, API tokens) sets it; until then the API acts as "api". */
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../shared/actor.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

export function actorOf(req: FastifyRequest): Actor {
  return req.actor ?? { kind: 'system', name: 'api' };
}
