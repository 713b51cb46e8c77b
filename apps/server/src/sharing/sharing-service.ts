/**
 * The server's information-sharing side (issue 8): agreements offered, accepted and approved;
 * the case reduced to an agreement and sent as a signed, encrypted package; packages received,
 * verified, held to the agreement and imported all or nothing, or refused with a precise reason
 * and recorded as refused; revocation both ways; retention; MLA requests; survivors' consents and
 * linkage runs. Access (permission, case membership) is the routes' job: this service is given
 * agreements and cases the caller may act on.
 *
 * A data package carries the case's finance and screening alerts about what travels (member
 * `alerts.json`, format `ariadne-alerts/1`) when the terms allow alerts and the selection does not
 * leave them out: reduced by `reduceAlerts` with the same pseudonym key and victim-mention test as
 * the entities, so account numbers, transaction ids and victims' names stay home.
 *
 * Every evidence bundle a received package carries is verified (`bundle-verification.ts`) against
 * the ledger key registered for its partner, else the key the bundle carries, before anything is
 * imported; one that does not verify refuses the package as `tampered`. Our own card carries our
 * ledger verifier key when this server signs checkpoints, so partners can check our bundles.
 *
 * Nothing here logs a name, an identifier or a package's content: log lines carry ids, kinds,
 * sequence numbers, counts and refusal reasons.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { AriadneError, isAriadneError, loadModel, type AriadneModel, type EntityData, type Locale } from '@ariadne/schema';
import {
  ALERTS_PATH, checkMlaRequest, checkPackageAgainstAgreement, checkTerms, describeTerms, fingerprint, mlaEvidenceMemberPath, mlaPackageMembers,
  openPackage, parsePartyIdentity, partnerPseudonymKey, publicIdentity, pseudonymId, reduceAlerts, reduceToAgreement, remapForImport,
  termsHash, victimLinkedIds, victimMentions, victimRecordIds,
  type ConsentPurpose, type LocalIdentity, type MlaEvidence, type MlaRequest, type OpenedPackage, type PackageKind, type PackageMemberInput,
  type AlertReductionCounts, type PseudonymKey, type RefusedRecord, type ReductionCounts, type SharedAlertsDocument, type VictimMention,
} from '@ariadne/sharing';
import type { Actor, NewAgreement, SharePackageRecord, SharingAgreement, SharingPartner, Store } from '@ariadne/store';
import type { BundleService } from '../bundles/bundle-service.ts';
import { ProblemError } from '../problem.ts';
import { KeyedMutex } from './agreement-lock.ts';
import { acceptOffer, partyCard, signOffer, type AgreementOffer, type PartyCard } from './agreement-offer.ts';
import { verifyEvidenceMembers } from './bundle-verification.ts';
import { pseudonymiseVictimSubjects, refuseVictimMentions } from './mla-draft.ts';
import { fileSha256, notSendable, packageExpiry, writePackageFile, type PackageDraft } from './outgoing-package.ts';
import { caseAlertsFor } from './case-alerts.ts';
import { selectForShare } from './case-selection.ts';
import { ENTITIES_PATH, keepMembers, keptMembers, readIncoming, type KeptMember } from './incoming-content.ts';
import { BodyTooLarge, receiveBody, type ReceivedBody } from './received-body.ts';
import { consentProblem, refusalOf, refusalProblem, type Refusal } from './refusals.ts';
import type { SharingSetup } from './sharing-setup.ts';

const DAY_MS = 86_400_000;
/** consents looked up per store call */
const CONSENT_BATCH = 5_000;
/** agreements under which an MLA request may travel */
const MLA_PURPOSES: ReadonlySet<string> = new Set(['mutual-legal-assistance', 'prosecution', 'investigation']);
const COVER_LOCALES = ['en', 'fr', 'ar'] as const;
const RETENTION_ACTOR: Actor = { kind: 'system', id: 'sharing-retention' };

/** where log lines go; objects hold ids, counts and reasons only */
export interface SharingLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface SharingServiceOptions {
  readonly store: Store;
  readonly setup: SharingSetup;
  readonly bundles: BundleService;
  readonly clock: () => Date;
  readonly log: SharingLog;
  readonly maxPackageBytes: number;
  readonly packageTtlDays: number;
  /** 0: purge only on exchanges */
  readonly retentionSweepMs: number;
}

/** what to send under an agreement */
export interface Selection {
  /** absent: the whole case */
  readonly entityIds?: readonly string[];
  /** victims' records without consent: refuse the send (default) or leave them out */
  readonly missingConsent?: 'refuse' | 'omit';
  /** evidence bundles of the case to send along (the terms must allow evidence) */
  readonly evidenceBundleIds?: readonly string[];
  /** send the case's alerts about what travels; default: when the terms allow alerts */
  readonly includeAlerts?: boolean;
}

/** a selection reduced to an agreement */
interface Reduced {
  readonly entities: EntityData[];
  readonly counts: Record<string, number>;
  readonly refused: RefusedRecord[];
  /** the alerts to send; null when none are asked for */
  readonly alerts: SharedAlertsDocument | null;
}

export interface Preview {
  readonly counts: Record<string, number>;
  readonly refused: readonly RefusedRecord[];
}

export interface Received {
  readonly record: SharePackageRecord;
  readonly written: number;
  /** the request of an MLA package */
  readonly mla: MlaRequest | null;
}

export interface Revoked {
  readonly agreement: SharingAgreement;
  readonly revocationPackage: SharePackageRecord | null;
  readonly purged: { readonly packages: number; readonly statements: number; readonly entities: number };
}

/** what is known of a refused package: its id (or a stand-in), and its agreement and sender when we hold them */
interface RefusedAbout {
  readonly id: string;
  readonly agreementId: string | null;
  readonly partnerId: string | null;
  readonly kind?: PackageKind;
  readonly sequence?: number;
}

export class SharingService {
  readonly identity: LocalIdentity;
  readonly #store: Store;
  readonly #setup: SharingSetup;
  readonly #bundles: BundleService;
  readonly #clock: () => Date;
  readonly #log: SharingLog;
  readonly #options: SharingServiceOptions;
  readonly #lock = new KeyedMutex();
  #model: AriadneModel | null = null;
  #sweep: NodeJS.Timeout | null = null;
  #sweeping = false;
  #running: Promise<void> = Promise.resolve();

  constructor(options: SharingServiceOptions) {
    this.#options = options;
    this.#store = options.store;
    this.#setup = options.setup;
    this.#bundles = options.bundles;
    this.#clock = options.clock;
    this.#log = options.log;
    this.identity = options.setup.identity;
  }

  get model(): AriadneModel {
    return (this.#model ??= loadModel());
  }

  /** starts the retention sweep: once now, then on an `unref`'d timer */
  start(): void {
    if (this.#sweep || this.#options.retentionSweepMs <= 0) return;
    this.#running = this.sweepRetention();
    this.#sweep = setInterval(() => {
      this.#running = this.sweepRetention();
    }, this.#options.retentionSweepMs);
    this.#sweep.unref();
  }

  /** stops the sweep, waits for one under way, and removes an ephemeral setup's folder */
  async stop(): Promise<void> {
    if (this.#sweep) clearInterval(this.#sweep);
    this.#sweep = null;
    await this.#running;
    await this.#setup.close();
  }

  /** our public identity card, for partners to register; with `ledgerKey`, the verifier key of our ledger, when we sign checkpoints */
  card(ledgerKey?: string | null): PartyCard {
    const ours = publicIdentity(this.identity);
    return partyCard(ledgerKey ? { ...ours, ledgerKey } : ours);
  }

  async addPartner(actor: Actor, card: unknown, note?: string): Promise<SharingPartner> {
    const identity = parsePartyIdentity(card);
    if (identity.signingKey === this.identity.signingKey) {
      throw new AriadneError('VALIDATION_FAILED', 'That is this instance\'s own identity card, not a partner\'s.', { details: { signingKey: 'our own' } });
    }
    return this.#store.addPartner(actor, { ...identity, ...(note === undefined ? {} : { note }) });
  }

  async createAgreement(actor: Actor, input: Omit<NewAgreement, 'terms' | 'termsSha256' | 'id'> & { terms: unknown }): Promise<SharingAgreement> {
    const terms = checkTerms(input.terms, this.model);
    return this.#store.createAgreement(actor, { ...input, terms, termsSha256: termsHash(terms) });
  }

  describe(agreement: SharingAgreement, locale: Locale): string[] {
    return describeTerms(agreement.terms, this.model, locale);
  }

  async #partnerOf(agreement: SharingAgreement): Promise<SharingPartner> {
    const partner = await this.#store.getPartner(agreement.partnerId);
    if (!partner) throw new AriadneError('NOT_FOUND', 'The agreement\'s partner is not registered.');
    return partner;
  }

  /** the agreement as a signed offer for its partner */
  async offer(agreement: SharingAgreement): Promise<AgreementOffer> {
    if (agreement.status === 'revoked') throw new AriadneError('CONFLICT', 'The agreement was revoked: there is nothing to offer.');
    return signOffer(agreement, this.identity, await this.#partnerOf(agreement));
  }

  /** stores a partner's signed offer as our agreement (same id and terms, direction mirrored), into `caseId` */
  async accept(actor: Actor, offer: AgreementOffer, caseId: string): Promise<SharingAgreement> {
    const signingKey = typeof offer.from?.signingKey === 'string' ? offer.from.signingKey : '';
    const partner = signingKey ? await this.#store.findPartnerBySigningKey(signingKey) : null;
    const accepted = acceptOffer(offer, { us: this.identity, partner, model: this.model });
    return this.#store.createAgreement(actor, { ...accepted, partnerId: partner!.id, caseId });
  }

  // ---- sending -------------------------------------------------------------------------------

  async #pseudonymKey(agreement: SharingAgreement): Promise<{ partner: SharingPartner; key: PseudonymKey }> {
    const partner = await this.#partnerOf(agreement);
    // keyed by the partner's signing key: the same at every restart, distinct for every partner
    return { partner, key: partnerPseudonymKey(this.identity.pseudonymSecret, partner.signingKey) };
  }

  async #consents(entities: readonly EntityData[]): Promise<(id: string) => ReadonlyMap<ConsentPurpose, boolean> | undefined> {
    const ids = [...victimRecordIds(entities, this.model)];
    const table = new Map<string, Map<ConsentPurpose, boolean>>();
    for (let i = 0; i < ids.length; i += CONSENT_BATCH) {
      for (const [id, purposes] of await this.#store.currentConsents(ids.slice(i, i + CONSENT_BATCH))) {
        table.set(id, new Map([...purposes].map(([purpose, record]) => [purpose, record.granted])));
      }
    }
    return (id) => table.get(id);
  }

  /** reads and reduces the selection (and its alerts); sealed records read are journalled (purpose `share`) */
  async #reduce(actor: Actor, agreement: SharingAgreement, selection: Selection): Promise<Reduced> {
    const withAlerts = wantsAlerts(agreement, selection);
    const selected = await selectForShare({ store: this.#store, model: this.model }, { caseId: agreement.caseId, terms: agreement.terms, entityIds: selection.entityIds });
    for (const record of selected.records.values()) if (record.sealed) await this.#store.journalSealedRead(actor, record, 'share');
    const { key } = await this.#pseudonymKey(agreement);
    const reduction = reduceToAgreement({
      entities: selected.entities, terms: agreement.terms, model: this.model, consents: await this.#consents(selected.entities),
      pseudonymKey: key, missingConsent: selection.missingConsent ?? 'refuse',
    });
    const counts: Record<string, number> = { ...(reduction.counts satisfies ReductionCounts), partnerRecordsWithheld: selected.partnerRecordsWithheld,
      partnerValuesWithheld: selected.partnerValuesWithheld, partnerMarkedVictimsWithheld: selected.partnerMarkedVictimsWithheld };
    if (!withAlerts || reduction.refused.length > 0) return { entities: reduction.entities, counts, refused: reduction.refused, alerts: null };
    const alerts = await this.#alerts(agreement, selected.entities, reduction.entities, key);
    return { entities: reduction.entities, counts: { ...counts, ...(alerts.counts satisfies AlertReductionCounts) }, refused: reduction.refused, alerts: alerts.document };
  }

  /**
   * The case's alerts about the selection, reduced: their subjects as the entities travel
   * (`entities` the selection, `output` what the reduction let leave), scrubbed with the same
   * victim-mention test.
   */
  async #alerts(agreement: SharingAgreement, entities: readonly EntityData[], output: readonly EntityData[], key: PseudonymKey): Promise<ReturnType<typeof reduceAlerts>> {
    const model = this.model;
    const victims = victimRecordIds(entities, model);
    const pseudonymOf = (id: string) => (victims.has(id) ? pseudonymId(key, id) : undefined);
    const inPackage = new Set(output.map((entity) => entity.id));
    const travelling = new Set(entities.map((entity) => entity.id).filter((id) => inPackage.has(pseudonymOf(id) ?? id)));
    const source = await caseAlertsFor(this.#store, agreement.caseId, new Set(entities.map((entity) => entity.id)));
    return reduceAlerts({
      ...source, travelling, pseudonymOf, pseudonymKey: key,
      victimMentions: victimMentions(entities, victims, victimLinkedIds(entities, victims, model), model),
    });
  }

  async #evidenceBundles(agreement: SharingAgreement, ids: readonly string[] | undefined): Promise<{ id: string; file: string; items: number }[]> {
    if (!ids || ids.length === 0) return [];
    if (!agreement.terms.evidence) {
      throw new AriadneError('VALIDATION_FAILED', 'The agreement does not let evidence bundles travel.', { details: { evidenceBundleIds: 'not allowed by the terms' } });
    }
    const out: { id: string; file: string; items: number }[] = [];
    for (const id of new Set(ids)) {
      const bundle = await this.#bundles.get(id);
      if (!bundle || bundle.caseId !== agreement.caseId) throw new AriadneError('NOT_FOUND', `No evidence bundle ${id} of the agreement's case.`, { details: { evidenceBundleIds: id } });
      if (bundle.state !== 'ready') throw new AriadneError('CONFLICT', `Evidence bundle ${id} is not ready (${bundle.state}).`, { details: { evidenceBundleIds: id } });
      out.push({ id, file: this.#bundles.pathOf(id), items: bundle.items });
    }
    return out;
  }

  /** what a send would hold; nothing leaves and nothing is recorded but the sealed reads */
  async preview(actor: Actor, agreement: SharingAgreement, selection: Selection): Promise<Preview> {
    const { counts, refused } = await this.#reduce(actor, agreement, selection);
    const bundles = await this.#evidenceBundles(agreement, selection.evidenceBundleIds);
    return { counts: { ...counts, evidenceBundles: bundles.length }, refused };
  }

  /** reduces the case to the agreement and sends it as one `data` package */
  async send(actor: Actor, agreement: SharingAgreement, selection: Selection): Promise<SharePackageRecord> {
    const now = this.#clock();
    const blocked = notSendable(agreement, now);
    if (blocked) throw blocked;
    await this.#purgeExpired(actor, agreement);
    const bundles = await this.#evidenceBundles(agreement, selection.evidenceBundleIds);
    const { entities, counts, refused, alerts } = await this.#reduce(actor, agreement, selection);
    if (refused.length > 0) throw consentProblem(refused);
    if (entities.length === 0 && bundles.length === 0) {
      throw new AriadneError('VALIDATION_FAILED', "Nothing in the selection may travel under the agreement's terms; nothing was sent.", { details: { entityIds: 'nothing to send' } });
    }
    const lines = entities.map((entity) => `${JSON.stringify({ id: entity.id, schema: entity.schema, properties: entity.properties })}\n`).join('');
    const members: PackageMemberInput[] = [
      { path: ENTITIES_PATH, role: 'entities', source: Buffer.from(lines, 'utf8') },
      ...(alerts && alerts.alerts.length > 0 ? [{ path: ALERTS_PATH, role: 'alerts', source: Buffer.from(JSON.stringify(alerts), 'utf8') } satisfies PackageMemberInput] : []),
      ...bundles.map((b): PackageMemberInput => ({ path: `evidence/${b.id}.tar`, role: 'evidence-bundle', source: { file: b.file } })),
    ];
    return this.#dispatch(actor, agreement, { kind: 'data', members, counts: { ...counts, evidenceBundles: bundles.length } }, now);
  }

  /**
   * Sends an MLA or extradition request under the agreement, with evidence bundles of the case.
   * A victim named among the subjects by their record id in the case travels as the same
   * pseudonym the data packages give them (`psn-…`), whatever name was typed beside it.
   */
  async sendMla(actor: Actor, agreement: SharingAgreement, input: { request: Record<string, unknown>; evidenceBundleIds?: readonly string[]; caseName: string }): Promise<SharePackageRecord> {
    const now = this.#clock();
    const blocked = notSendable(agreement, now);
    if (blocked) throw blocked;
    if (!MLA_PURPOSES.has(agreement.terms.purpose)) {
      throw new AriadneError('CONFLICT', `MLA requests travel under agreements for mutual legal assistance, prosecution or investigation; this one is for ${agreement.terms.purpose}.`);
    }
    await this.#purgeExpired(actor, agreement);
    const bundles = await this.#evidenceBundles(agreement, input.evidenceBundleIds);
    const evidence: MlaEvidence[] = [];
    for (const b of bundles) evidence.push({ bundleId: b.id, fileName: `${b.id}.tar`, sha256: await fileSha256(b.file), items: Math.max(1, b.items) });
    const { draft, mentions } = await this.#mlaDraft(actor, agreement, input.request);
    const full = { format: 'ariadne-mla/1', case: { id: agreement.caseId, title: input.caseName }, ...draft, evidence };
    refuseVictimMentions(full, mentions);
    const request = checkMlaRequest(full);
    const members: PackageMemberInput[] = [
      ...mlaPackageMembers(request, { coverLocales: COVER_LOCALES, signingKeyFingerprint: fingerprint(this.identity) })
        .map((m): PackageMemberInput => ({ path: m.path, role: m.role, source: m.bytes })),
      ...bundles.map((b, i): PackageMemberInput => ({ path: mlaEvidenceMemberPath(evidence[i]!), role: 'evidence-bundle', source: { file: b.file } })),
    ];
    const counts = { subjects: request.subjects.length, measures: request.measures.length, evidenceBundles: evidence.length };
    return this.#dispatch(actor, agreement, { kind: 'mla-request', members, counts }, now);
  }

  /** the request with victim subjects pseudonymised, and the test of what mentions a victim of the case */
  async #mlaDraft(actor: Actor, agreement: SharingAgreement, request: Record<string, unknown>): Promise<{ draft: Record<string, unknown>; mentions: VictimMention }> {
    const selected = await selectForShare({ store: this.#store, model: this.model }, { caseId: agreement.caseId, terms: agreement.terms });
    for (const record of selected.records.values()) if (record.sealed) await this.#store.journalSealedRead(actor, record, 'share');
    const { key } = await this.#pseudonymKey(agreement);
    const draft = pseudonymiseVictimSubjects(request, { inCase: (id) => selected.records.has(id), pseudonym: (id) => pseudonymId(key, id) });
    const victims = victimRecordIds(selected.entities, this.model);
    return { draft, mentions: victimMentions(selected.entities, victims, victimLinkedIds(selected.entities, victims, this.model), this.model) };
  }

  /** writes, signs and encrypts the package, then records it (sequence reserved), one at a time per agreement */
  async #dispatch(actor: Actor, agreement: SharingAgreement, draft: PackageDraft, now: Date): Promise<SharePackageRecord> {
    const partner = await this.#partnerOf(agreement);
    return this.#lock.run(agreement.id, async () => {
      const sequence = await this.#store.nextOutgoingSequence(agreement.id);
      const packageId = `pkg-${randomUUID()}`;
      const file = this.outgoingFile(packageId);
      const expiresAt = packageExpiry(agreement, draft.kind, now, this.#options.packageTtlDays);
      const written = await writePackageFile({ sender: this.identity, partner, agreement, draft, packageId, sequence, now, expiresAt }, file);
      try {
        const record = await this.#store.recordOutgoingPackage(actor, {
          agreementId: agreement.id, id: packageId, kind: draft.kind, sha256: written.sha256, bytes: written.bytes, counts: draft.counts, expiresAt, at: now,
        });
        if (record.sequence !== sequence) {
          throw new AriadneError('CONFLICT', 'Another process sent under this agreement at the same moment; send again.');
        }
        this.#log.info({ packageId, agreementId: agreement.id, kind: draft.kind, sequence }, 'sharing package sent');
        return record;
      } catch (error) {
        await rm(file, { force: true });
        const refusal = refusalOf(error);
        if (refusal) throw new ProblemError('CONFLICT', refusal.detail, { status: 409, members: { reason: refusal.reason } });
        throw error;
      }
    });
  }

  outgoingFile(packageId: string): string {
    return join(this.#setup.outgoingDir, `${packageId}.ariadne-share`);
  }

  /** ends the agreement, tells the partner (when it was in force) and purges what we received under it */
  async revoke(actor: Actor, agreement: SharingAgreement, reason: string): Promise<Revoked> {
    const wasActive = agreement.status === 'active';
    const revoked = await this.#store.revokeAgreement(actor, agreement.id, reason);
    const revocationPackage = wasActive
      ? await this.#dispatch(actor, revoked, { kind: 'revocation', members: [], counts: {}, notice: reason.slice(0, 4000) }, this.#clock())
      : null;
    const purged = await this.#purge(actor, revoked);
    return { agreement: revoked, revocationPackage, purged };
  }

  // ---- receiving -----------------------------------------------------------------------------

  /**
   * Receives a package from the request body: verifies it, holds it to its agreement and imports
   * it in one transaction, or refuses it (recorded, journalled, logged by reason) and throws the
   * refusal's problem. A revocation revokes the agreement here and purges what it brought.
   * `mayReceiveInto` (default: any case, for an operator) refuses with 404, recording nothing,
   * a package whose agreement's case the caller may not import into.
   */
  async receive(actor: Actor, body: Readable, options: { mayReceiveInto?: (caseId: string) => boolean } = {}): Promise<Received> {
    const now = this.#clock();
    let received: ReceivedBody;
    try {
      received = await receiveBody(body, this.#setup.workDir, this.#options.maxPackageBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      throw await this.#refuse(actor, {
        about: { id: unopenedId(error.received.sha256), agreementId: null, partnerId: null }, received: error.received, now,
        refusal: { reason: 'too-large', detail: `It is larger than the ${this.#options.maxPackageBytes} bytes this instance accepts.` },
      });
    }
    try {
      let opened: OpenedPackage;
      try {
        opened = await openPackage(received.path, { identity: this.identity, tempDir: this.#setup.workDir, maxBytes: this.#options.maxPackageBytes });
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        throw await this.#refuse(actor, { about: { id: unopenedId(received.sha256), agreementId: null, partnerId: null }, received, refusal, now });
      }
      try {
        return await this.#import(actor, { opened, received, now, mayReceiveInto: options.mayReceiveInto ?? (() => true) });
      } finally {
        await opened.dispose();
      }
    } finally {
      await rm(received.path, { force: true });
    }
  }

  async #import(actor: Actor, incoming: { opened: OpenedPackage; received: ReceivedBody; now: Date; mayReceiveInto: (caseId: string) => boolean }): Promise<Received> {
    const { opened, received, now } = incoming;
    const { manifest } = opened;
    const partner = await this.#store.findPartnerBySigningKey(manifest.sender.signingKey);
    const agreement = await this.#store.getAgreement(manifest.agreementId);
    // the package goes into the agreement's case: only its members import into it (nothing recorded otherwise)
    if (agreement && !incoming.mayReceiveInto(agreement.caseId)) {
      throw new AriadneError('NOT_FOUND', 'No such sharing agreement, or it is not visible to you: a member of its case must import the package.');
    }
    const agreementPartner = agreement ? await this.#store.getPartner(agreement.partnerId) : null;
    const about = {
      id: manifest.packageId, agreementId: agreement?.id ?? null, partnerId: partner?.id ?? null, kind: manifest.kind,
      ...(manifest.sequence <= 2_147_483_647 ? { sequence: manifest.sequence } : {}),
    };
    let outcome: { record: SharePackageRecord; written: number; mla: MlaRequest | null; kept: readonly KeptMember[] };
    try {
      const seen = await this.#store.getPackage(manifest.packageId, 'incoming');
      checkPackageAgainstAgreement(manifest, {
        partner,
        agreement: agreement && agreementPartner ? { ...agreement, ...agreement.terms, partnerSigningKey: agreementPartner.signingKey } : null,
        now,
        ...(seen?.status === 'imported' ? { seenPackageIds: new Set([seen.id]) } : {}),
      });
      // past the check: the sender is the agreement's partner
      const held = agreement!;
      const sender = partner!;
      await this.#purgeExpired(actor, held);
      const content = await readIncoming(opened, held.terms, this.model);
      const checks = await verifyEvidenceMembers(opened, sender.ledgerKey ?? null);
      const kept = content.kept.map((member) => {
        const verification = checks.get(member.path);
        return verification ? { ...member, verification } : member;
      });
      const { record, written } = await this.#store.importSharedPackage(actor, {
        agreementId: held.id, partnerId: sender.id, id: manifest.packageId, kind: manifest.kind, sequence: manifest.sequence,
        sha256: received.sha256, bytes: received.bytes, counts: { ...manifest.counts }, expiresAt: new Date(manifest.expiresAt), at: now,
        entities: remapForImport(content.entities, sender.id, this.model),
      });
      outcome = { record, written, mla: content.mla, kept };
    } catch (error) {
      // the store refuses what it cannot hold (a sequence out of range…) as invalid input
      const refusal = refusalOf(error)
        ?? (isAriadneError(error) && error.code === 'VALIDATION_FAILED' ? { reason: 'malformed-member' as const, detail: error.message } : null);
      if (!refusal) throw error;
      throw await this.#refuse(actor, { about, received, refusal, now });
    }
    try {
      await keepMembers(opened, outcome.kept, this.#setup.incomingDir);
    } catch (error) {
      // the import stands; what could not be kept is said in the log (and missing from `received`)
      this.#log.error({ packageId: manifest.packageId, code: (error as NodeJS.ErrnoException).code ?? 'INTERNAL' }, 'members of an imported package not kept');
    }
    this.#log.info({ packageId: manifest.packageId, agreementId: manifest.agreementId, kind: manifest.kind, sequence: manifest.sequence, written: outcome.written }, 'sharing package imported');
    if (manifest.kind === 'revocation') await this.#revokedByPartner(actor, agreement!, manifest.notice);
    return { record: outcome.record, written: outcome.written, mla: outcome.mla };
  }

  /** records the refusal (as well as it can) and answers the problem to throw */
  async #refuse(actor: Actor, refused: { about: RefusedAbout; received: ReceivedBody; refusal: Refusal; now: Date }): Promise<ProblemError> {
    const { about, received, refusal, now } = refused;
    try {
      await this.#store.recordRefusedPackage(actor, {
        ...about, sha256: received.sha256, bytes: received.bytes, reason: refusal.reason, detail: refusal.detail.slice(0, 2000), at: now,
      });
    } catch (error) {
      this.#log.error({ packageId: about.id, code: isAriadneError(error) ? error.code : 'INTERNAL' }, 'refused sharing package not recorded');
    }
    this.#log.info({ packageId: about.id, agreementId: about.agreementId, reason: refusal.reason }, 'sharing package refused');
    return refusalProblem(refusal);
  }

  async #revokedByPartner(actor: Actor, agreement: SharingAgreement, notice: string | undefined): Promise<void> {
    if (agreement.status !== 'revoked') {
      const reason = `Revoked by the partner${notice ? `: ${notice}` : ''}`.slice(0, 2000);
      try {
        await this.#store.revokeAgreement(actor, agreement.id, reason);
      } catch (error) {
        // revoked here meanwhile: the purge below is all that is left to do
        if (!isAriadneError(error) || error.code !== 'CONFLICT') throw error;
      }
    }
    await this.#purge(actor, agreement);
  }

  // ---- retention -----------------------------------------------------------------------------

  async #purge(actor: Actor, agreement: SharingAgreement, before?: Date): Promise<Revoked['purged']> {
    const purged = await this.#store.purgeReceived(actor, agreement.id, before ? { before } : {});
    if (purged.packages > 0) {
      await this.#dropKept(agreement.id);
      this.#log.info({ agreementId: agreement.id, ...purged }, 'received sharing data purged');
    }
    return purged;
  }

  /** what was received under the agreement longer ago than its retention allows */
  async #purgeExpired(actor: Actor, agreement: SharingAgreement): Promise<void> {
    await this.#purge(actor, agreement, new Date(this.#clock().getTime() - agreement.terms.retentionDays * DAY_MS));
  }

  /** removes the kept members of the agreement's purged packages */
  async #dropKept(agreementId: string): Promise<void> {
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<Store['listPackages']>> = await this.#store.listPackages({ agreementId, direction: 'incoming' }, { limit: 200, cursor });
      for (const record of page.items) if (record.purgedAt !== null) await rm(join(this.#setup.incomingDir, record.id), { recursive: true, force: true });
      cursor = page.next;
    } while (cursor);
  }

  /** the hourly sweep (and one at start): every agreement's expired receipts purged; one sweep at a time */
  async sweepRetention(): Promise<void> {
    if (this.#sweeping) return;
    this.#sweeping = true;
    try {
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<Store['listAgreements']>> = await this.#store.listAgreements({}, { limit: 200, cursor });
        for (const agreement of page.items) {
          if (agreement.status === 'draft') continue;
          // one agreement that cannot be purged now does not keep the others' data past its time
          await this.#purgeExpired(RETENTION_ACTOR, agreement).catch((error: unknown) => {
            this.#log.error({ agreementId: agreement.id, code: isAriadneError(error) ? error.code : 'INTERNAL' }, 'sharing retention purge failed');
          });
        }
        cursor = page.next;
      } while (cursor);
    } catch (error) {
      this.#log.error({ code: isAriadneError(error) ? error.code : 'INTERNAL' }, 'sharing retention sweep failed');
    } finally {
      this.#sweeping = false;
    }
  }

  // ---- what incoming packages kept -----------------------------------------------------------

  keptMembers(packageId: string): Promise<(KeptMember & { readonly file: string })[]> {
    return keptMembers(this.#setup.incomingDir, packageId);
  }
}

/** whether the selection's alerts go along: as asked, by default when the terms allow them */
function wantsAlerts(agreement: SharingAgreement, selection: Selection): boolean {
  if (selection.includeAlerts === true && !agreement.terms.alerts) {
    throw new AriadneError('VALIDATION_FAILED', 'The agreement does not let alerts travel.', { details: { includeAlerts: 'not allowed by the terms' } });
  }
  return selection.includeAlerts ?? agreement.terms.alerts;
}

/** the record id of a package refused before its manifest could be read */
function unopenedId(sha256: string): string {
  return `unopened-${sha256.slice(0, 32)}`;
}
