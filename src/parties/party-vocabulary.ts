/** The kinds of party an order can be handed to. Leaf: imports nothing. */
export const PARTY_KINDS = ['warehouse', 'accounts', 'supplier', 'manufacturer'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

/** The parties every business has from the start (one each, made by the migration); the others are added by hand. */
export const BUILT_IN_PARTY_KINDS = ['warehouse', 'accounts'] as const satisfies readonly PartyKind[];
export const ADDABLE_PARTY_KINDS = ['supplier', 'manufacturer'] as const satisfies readonly PartyKind[];
