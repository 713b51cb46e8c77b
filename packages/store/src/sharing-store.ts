/**
 * The store's information-sharing part (`SharingStore`, issue 8): partners, agreements with their
 * approvals, packages sent, imported and refused, the purge of what was received, survivors'
 * consents and linkage runs. Each concern lives in its own module; this binds them to one context.
 *
 * @example
 * ```ts
 * const partner = await store.addPartner(actor, { name: 'FIU Examplestan', signingKey, ageRecipient });
 * const agreement = await store.createAgreement(actor, { title, partnerId: partner.id, caseId, direction: 'outgoing', terms, termsSha256: termsHash(terms) });
 * await store.approveAgreement(alice, agreement.id); await store.approveAgreement(bob, agreement.id);
 * const sent = await store.recordOutgoingPackage(actor, { agreementId: agreement.id, id, kind: 'data', sha256, bytes, counts, expiresAt, at: new Date() });
 * ```
 */
import type { StoreContext } from './context.ts';
import type { SharingStore } from './sharing-types.ts';
import { sharingPartnerStore } from './sharing-partners.ts';
import { sharingAgreementStore } from './sharing-agreements.ts';
import { sharePackageStore } from './sharing-packages.ts';
import { sharingPurgeStore } from './sharing-purge.ts';
import { consentStore } from './consents.ts';
import { linkageRunStore } from './linkage-runs.ts';

export function sharingStore(ctx: StoreContext): SharingStore {
  return {
    ...sharingPartnerStore(ctx),
    ...sharingAgreementStore(ctx),
    ...sharePackageStore(ctx),
    ...sharingPurgeStore(ctx),
    ...consentStore(ctx),
    ...linkageRunStore(ctx),
  };
}
