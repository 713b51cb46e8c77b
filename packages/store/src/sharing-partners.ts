/**
 * Sharing partners: other Ariadne instances, each known by its name, its Ed25519 signing key (a
 * package is attributed by the key that signed it, so one key is one partner) and its age
 * recipient (what we encrypt to), and optionally the ledger verifier key it publishes (its
 * evidence bundles are checked against it on receipt). Keys are public; they are checked for
 * shape, not secrecy (the full check of a ledger key is `parsePartyIdentity`'s at registration,
 * and `isLedgerVerifierKey`'s when one is set later, since no card vouches for it then).
 */
import { AriadneError } from '@ariadne/schema';
import type { Selectable } from 'kysely';
import { isLedgerVerifierKey } from '@ariadne/sharing';
import type { PartyIdentity } from '@ariadne/sharing/types';
import type { StoreContext } from './context.ts';
import type { SharingPartnersTable } from './database-sharing.ts';
import type { SharingPartner } from './sharing-types.ts';
import type { Actor, Page, PageRequest } from './types.ts';
import { actorName, appendJournalEntries } from './journal-store.ts';
import { contentHash } from './journal-hash.ts';
import { encodeCursor, pageLimit } from './cursor.ts';
import { checkLine, invalid, timeKeysetBefore } from './sharing-input.ts';

const MAX_NAME = 200;
const MAX_NOTE = 2000;
/** an age X25519 recipient: `age1` and 58 bech32 characters (32 bytes and a checksum) */
const AGE_RECIPIENT = /^age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}$/;
/** a C2SP verifier key: `<name>+<8 hex key id>+<base64 of 0x01 and a 32-byte Ed25519 key>` */
// eslint-disable-next-line no-control-regex
const LEDGER_KEY = /^[^+\s\u0000-\u001f\u007f]{1,400}\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/u;

export function toPartner(row: Selectable<SharingPartnersTable>): SharingPartner {
  return {
    id: row.id, name: row.name, signingKey: row.signing_key, ageRecipient: row.age_recipient, ...(row.ledger_key === null ? {} : { ledgerKey: row.ledger_key }),
    note: row.note, createdBy: row.created_by, createdAt: row.created_at,
  };
}

/** raw 32 bytes in canonical base64 (so one key has one spelling, and uniqueness means something) */
function checkSigningKey(value: unknown): string {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.alloc(0);
  if (typeof value !== 'string' || bytes.length !== 32 || bytes.toString('base64') !== value) {
    throw invalid('signingKey', 'not an Ed25519 public key (32 bytes in base64)');
  }
  return value;
}

function checkAgeRecipient(value: unknown): string {
  if (typeof value !== 'string' || !AGE_RECIPIENT.test(value)) throw invalid('ageRecipient', 'not an age X25519 recipient (age1…)');
  return value;
}

/** absent or null: the partner publishes none */
function checkLedgerKey(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !LEDGER_KEY.test(value)) throw invalid('ledgerKey', 'not a ledger verifier key (name+keyid+base64 Ed25519 key)');
  return value;
}

export function sharingPartnerStore(ctx: StoreContext) {
  return {
    async addPartner(actor: Actor, partner: PartyIdentity & { readonly note?: string }): Promise<SharingPartner> {
      if (partner === null || typeof partner !== 'object') throw invalid('partner', 'required');
      const name = checkLine(partner.name, 'name', MAX_NAME, true);
      const signingKey = checkSigningKey(partner.signingKey);
      const ageRecipient = checkAgeRecipient(partner.ageRecipient);
      const ledgerKey = checkLedgerKey(partner.ledgerKey);
      const note = checkLine(partner.note, 'note', MAX_NOTE, false);
      const at = ctx.now();
      const id = `sp_${ctx.newId()}`;
      return ctx.db.transaction().execute(async (tx) => {
        // the unique key decides, so two concurrent registrations of one key cannot both succeed
        const row = await tx.insertInto('sharing_partners').values({
          id, name, signing_key: signingKey, age_recipient: ageRecipient, ledger_key: ledgerKey, note, created_by: actorName(actor), created_at: at,
        }).onConflict((oc) => oc.column('signing_key').doNothing()).returningAll().executeTakeFirst();
        if (!row) throw new AriadneError('CONFLICT', 'A partner with this signing key is already registered.', { details: { signingKey: 'already registered' } });
        await appendJournalEntries(tx, actor, at, [{
          // the ledger key is hashed only when there is one (a partner without keeps the hash it always had)
          action: 'share.partner.add', contentHash: contentHash({ partner: id, name, signingKey, ageRecipient, ...(ledgerKey === null ? {} : { ledgerKey }), note }),
        }]);
        return toPartner(row);
      });
    },

    async setPartnerLedgerKey(actor: Actor, partnerId: string, ledgerKey: string | null): Promise<SharingPartner> {
      // the key id must match the key: a key set by hand has had no card check before it
      if (ledgerKey !== null && !isLedgerVerifierKey(ledgerKey)) {
        throw invalid('ledgerKey', 'not a ledger verifier key (name+keyid+base64 Ed25519 key, the key id matching the key)');
      }
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        const row = await tx.updateTable('sharing_partners').set({ ledger_key: ledgerKey }).where('id', '=', partnerId).returningAll().executeTakeFirst();
        if (!row) throw new AriadneError('NOT_FOUND', 'No such sharing partner.', { details: { partnerId: 'unknown' } });
        await appendJournalEntries(tx, actor, at, [{ action: 'share.partner.ledger-key', contentHash: contentHash({ partner: partnerId, ledgerKey }) }]);
        return toPartner(row);
      });
    },

    async getPartner(id: string): Promise<SharingPartner | null> {
      const row = await ctx.db.selectFrom('sharing_partners').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toPartner(row) : null;
    },

    async findPartnerBySigningKey(signingKey: string): Promise<SharingPartner | null> {
      const row = await ctx.db.selectFrom('sharing_partners').selectAll().where('signing_key', '=', signingKey).executeTakeFirst();
      return row ? toPartner(row) : null;
    },

    /** newest first */
    async listPartners(page: PageRequest): Promise<Page<SharingPartner>> {
      const limit = pageLimit(page.limit);
      let query = ctx.db.selectFrom('sharing_partners').selectAll();
      if (page.cursor) query = query.where(timeKeysetBefore(page.cursor, 'created_at'));
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map(toPartner);
      const last = items.at(-1);
      return { items, next: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
    },
  };
}
