/**
 * The journal as a signed Merkle log (RFC 9162, C2SP tlog-checkpoint): the latest signed
 * checkpoint and the key that verifies it, any entry's canonical bytes, inclusion and
 * consistency proofs, and signing on demand. Hashes and proofs reveal nothing else: every role
 * may read them (`ledger:read`); an entry's canonical bytes name actors, actions, cases and
 * entities, so they need `journal:read`, as the journal does. Hashes are lowercase hex.
 */
import { AriadneError } from '@ariadne/schema';
import type { LedgerCheckpoint } from '@ariadne/store';
import { z } from 'zod';
import { defineRoute } from '../route.ts';

const hex = z.string().regex(/^[0-9a-f]{64}$/);
/** a tree size or seq in a URL: a whole number, no sign, no exponent, at most 2^53 */
const count = z.string().regex(/^[0-9]{1,16}$/, 'a whole number').transform(Number).refine(Number.isSafeInteger, 'too large');

const checkpointSchema = z.object({
  size: z.number().int().describe('leaves in the tree (journal entries)'),
  root: hex.describe('the tree\'s root hash'),
  note: z.string().describe('the C2SP tlog-checkpoint, signed as a C2SP note (Ed25519)'),
}).meta({ id: 'LedgerCheckpoint' });

const checkpointDto = (c: LedgerCheckpoint) => ({ size: c.size, root: c.root, note: c.note });

export const ledgerRoutes = [
  defineRoute({
    method: 'GET', url: '/api/ledger/checkpoint', permission: 'ledger:read', tags: ['ledger'],
    summary: 'The latest signed checkpoint of the journal\'s Merkle log',
    response: checkpointSchema,
    handler: async ({ ctx }) => {
      const latest = await ctx.store.latestCheckpoint();
      if (!latest) throw new AriadneError('NOT_FOUND', 'No checkpoint has been signed yet.');
      return checkpointDto(latest);
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/ledger/checkpoint', permission: 'ledger:sign', tags: ['ledger'],
    summary: 'Sign a checkpoint of the current tree now',
    description: 'Proves first that the tree extends the last checkpoint (LEDGER_INCONSISTENT, 409, and nothing signed when it does not). Returns the last checkpoint when the tree has not grown.',
    response: checkpointSchema,
    handler: async ({ ctx }) => {
      if (!ctx.checkpoints) throw new AriadneError('NOT_FOUND', 'This server signs no checkpoints: it has no ledger key.');
      const signed = await ctx.checkpoints.signNow();
      if (!signed) throw new AriadneError('CONFLICT', 'The journal is empty: there is nothing to sign.');
      return checkpointDto(signed);
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/ledger/key', permission: 'ledger:read', tags: ['ledger'],
    summary: 'The log\'s name and the key that verifies its checkpoints',
    response: z.object({
      origin: z.string().describe('the checkpoints\' first line'),
      verifierKey: z.string().describe('C2SP verifier key: <name>+<key id>+<base64 Ed25519 key>'),
    }),
    handler: async ({ ctx }) => {
      if (!ctx.checkpoints) throw new AriadneError('NOT_FOUND', 'This server signs no checkpoints: it has no ledger key.');
      return { origin: ctx.checkpoints.origin, verifierKey: ctx.checkpoints.verifierKey };
    },
  }),
  defineRoute({
    // the entry itself names actors, actions, cases and entities: journal readers only, unlike
    // the hashes and proofs every role may see
    method: 'GET', url: '/api/ledger/entries/:seq', permission: 'journal:read', tags: ['ledger'],
    summary: 'A journal entry as the log\'s leaf: its canonical bytes and leaf hash',
    params: z.strictObject({ seq: count }),
    response: z.object({
      seq: z.number().int(), index: z.number().int().describe('leaf index = seq − 1'),
      entry: z.string().describe('the canonical entry (UTF-8); leafHash = SHA-256(0x00 ‖ entry)'), leafHash: hex,
    }),
    handler: async ({ params, ctx }) => {
      const found = await ctx.store.journalEntryBySeq(params.seq);
      if (!found) throw new AriadneError('NOT_FOUND', `The journal has no entry ${params.seq}.`);
      return { seq: found.seq, index: found.index, entry: found.entry.toString('utf8'), leafHash: found.leafHash };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/ledger/proof/inclusion', permission: 'ledger:read', tags: ['ledger'],
    summary: 'RFC 9162 inclusion proof of journal entry `seq` in the tree of `size` leaves (default: all)',
    query: z.strictObject({ seq: count, size: count.optional() }),
    response: z.object({ index: z.number().int(), size: z.number().int(), leafHash: hex, root: hex, proof: z.array(hex) }),
    handler: async ({ query, ctx }) => {
      const p = await ctx.store.inclusionProof({ seq: query.seq }, query.size);
      return { index: p.index, size: p.size, leafHash: p.leafHash, root: p.root, proof: [...p.proof] };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/ledger/proof/consistency', permission: 'ledger:read', tags: ['ledger'],
    summary: 'RFC 9162 consistency proof that the tree of `from` leaves is a prefix of the tree of `to` (default: all)',
    query: z.strictObject({ from: count, to: count.optional() }),
    response: z.object({ size1: z.number().int(), size2: z.number().int(), root1: hex, root2: hex, proof: z.array(hex) }),
    handler: async ({ query, ctx }) => {
      const p = await ctx.store.consistencyProof(query.from, query.to);
      return { size1: p.size1, size2: p.size2, root1: p.root1, root2: p.root2, proof: [...p.proof] };
    },
  }),
];
