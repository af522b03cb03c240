/** Who did something: a staff user, an API token, a customer through an access link, or the system. */
export type Actor =
  | { kind: 'user'; id: string; name: string }
  | { kind: 'token'; id: string; name: string }
  | { kind: 'customer'; id: string; name: string }
  | { kind: 'system'; name: string };

export const systemActor = (name: string): Actor => ({ kind: 'system', name });
