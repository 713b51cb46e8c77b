/**
 * This instance's sharing identity and its partners: other Ariadne instances, each registered by
 * the identity card it sent (name, Ed25519 signing key, age recipient, fingerprint to confirm
 * aloud). Partner keys are public; registering one, or setting its ledger key later, is governance,
 * journalled by the store.
 */
import { pageOf, pageQuery } from '../api-schemas.ts';
import { defineRoute } from '../route.ts';
import { idParams } from '../api-schemas.ts';
import { partnerBody, partnerDto, partnerLedgerKeyBody, partnerSchema, partyCardSchema } from '../sharing/sharing-schemas.ts';

export const sharingPartnerRoutes = [
  defineRoute({
    method: 'GET', url: '/api/sharing/identity', permission: 'share:read', tags: ['sharing'],
    summary: "This instance's identity card, for partners to register",
    description: 'Public keys only. Send it to the partner by any channel, then confirm the fingerprint by another (a phone call). '
      + 'It carries `ledgerKey`, the verifier key of our ledger, when this server signs checkpoints: the partner checks our evidence bundles against it.',
    response: partyCardSchema,
    handler: async ({ ctx }) => ctx.sharing.card(ctx.checkpoints?.verifierKey ?? null),
  }),
  defineRoute({
    method: 'GET', url: '/api/sharing/partners', permission: 'share:read', tags: ['sharing'],
    summary: 'Registered partners, newest first',
    query: pageQuery,
    response: pageOf(partnerSchema),
    handler: async ({ query, ctx }) => {
      const page = await ctx.store.listPartners({ limit: query.limit, cursor: query.cursor ?? null });
      return { items: page.items.map(partnerDto), next: page.next };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/sharing/partners', permission: 'share:manage', tags: ['sharing'], status: 201,
    summary: 'Register a partner from its identity card',
    description: 'The card of `GET /api/sharing/identity` on the partner\'s side; a fingerprint, when given, must match its key. 409 when a partner holds this signing key already. '
      + 'A `ledgerKey`, when given, must be a verifier key; the evidence bundles the partner sends are then checked against it.',
    body: partnerBody,
    response: partnerSchema,
    handler: async ({ body, principal, ctx }) => {
      const { note, ...card } = body;
      return partnerDto(await ctx.sharing.addPartner(principal.actor, card, note));
    },
  }),
  defineRoute({
    method: 'PATCH', url: '/api/sharing/partners/:id', permission: 'share:manage', tags: ['sharing'],
    summary: "Set or clear a registered partner's ledger key",
    description: 'For a partner registered before it published its ledger verifier key, or one that rotated it. The key is checked in full (its key id must match the key); '
      + 'confirm its `ledgerKeyFingerprint` with the partner by another channel. From then on the evidence bundles it sends are checked against it; `null` clears it. 404 for an unknown partner.',
    params: idParams,
    body: partnerLedgerKeyBody,
    response: partnerSchema,
    handler: async ({ params, body, principal, ctx }) => partnerDto(await ctx.store.setPartnerLedgerKey(principal.actor, params.id, body.ledgerKey)),
  }),
];
