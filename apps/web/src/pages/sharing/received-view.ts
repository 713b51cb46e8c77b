/**
 * What the "received package" view shows, as pure data: where it lives (the Incoming page with the
 * package's opaque id in the query), the cover documents by language, the evidence bundles with
 * what the MLA request says of each and how each verified on receipt, the other members, and the
 * alerts read tolerantly (the server may add fields, or not send some). Pure (no DOM), so node
 * tests cover it.
 */
import type { MlaEvidence } from '@ariadne/sharing';
import type { ReceivedAlert, ReceivedMember, ReceivedPackage } from '../../api/sharing-types.ts';

const PACKAGE_PARAM = 'package';

/**
 * The address of the view of one received package: the Incoming page, the package named by id
 * (an opaque id, never a name, so it may be in the URL).
 * @example receivedPackagePath('pkg-1') // '/sharing/incoming?package=pkg-1'
 */
export function receivedPackagePath(packageId: string): string {
  return `/sharing/incoming?${PACKAGE_PARAM}=${encodeURIComponent(packageId)}`;
}

/** the package id of `receivedPackagePath` in a location's query, or null */
export function packageIdOfSearch(search: string): string | null {
  const id = new URLSearchParams(search).get(PACKAGE_PARAM);
  return id && id.length <= 200 ? id : null;
}

export interface CoverDocument {
  readonly path: string;
  /** `en`, `fr`, `ar` (from the member path `mla/cover.<locale>.html`) */
  readonly locale: string;
}

/** the cover documents, the one in the UI's language first, then in path order */
export function coverDocuments(members: readonly ReceivedMember[], uiLocale: string): CoverDocument[] {
  const covers = members.filter((m) => m.role === 'mla-cover').map((m) => ({ path: m.path, locale: /^mla\/cover\.([a-z]{2,8}(?:-[A-Za-z0-9]+)*)\.html$/.exec(m.path)?.[1] ?? '' }));
  return covers.sort((a, b) => Number(b.locale === uiLocale) - Number(a.locale === uiLocale) || a.path.localeCompare(b.path));
}

export interface EvidenceRow {
  readonly member: ReceivedMember;
  /** the request's entry for this bundle (items, checkpoint), when the package is an MLA request */
  readonly entry: MlaEvidence | null;
}

/** the evidence bundles kept, each with the request's entry naming it (`evidence/<fileName>`) */
export function evidenceRows(received: ReceivedPackage): EvidenceRow[] {
  const entries = new Map((received.mla?.evidence ?? []).map((e) => [`evidence/${e.fileName}`, e]));
  return received.members.filter((m) => m.role === 'evidence-bundle').map((member) => ({ member, entry: entries.get(member.path) ?? null }));
}

/**
 * How a bundle verified on receipt, as the view says it: `partner` against the partner's published
 * ledger key, `bundle` against the key it carries (so it is intact, but whose key that is rests on
 * comparing the fingerprint), `unchecked` when the server kept no verification (an older import).
 */
export interface BundleVerificationView {
  readonly state: 'partner' | 'bundle' | 'unchecked';
  /** the message key of the sentence to show */
  readonly message: string;
  /** hex SHA-256 of the key it verified against, when known */
  readonly fingerprint: string | null;
}

const VERIFICATION_MESSAGES = {
  partner: 'sharing.received.verifiedPartner',
  bundle: 'sharing.received.verifiedBundle',
  unchecked: 'sharing.received.notVerified',
} as const;

/**
 * @example bundleVerification({ …member, verification: { ok: true, keyChecked: 'bundle', keyFingerprint: 'ab…' } }).state // 'bundle'
 */
export function bundleVerification(member: ReceivedMember): BundleVerificationView {
  const v = member.verification;
  const checked = v && v.ok === true && (v.keyChecked === 'partner' || v.keyChecked === 'bundle') ? v.keyChecked : null;
  const state = checked ?? 'unchecked';
  const fingerprint = checked && typeof v?.keyFingerprint === 'string' && /^[0-9a-f]{64}$/.test(v.keyFingerprint) ? v.keyFingerprint : null;
  return { state, message: VERIFICATION_MESSAGES[state], fingerprint };
}

/** whether the package kept alerts (so there is something to ask `/alerts` for) */
export function hasAlerts(members: readonly ReceivedMember[]): boolean {
  return members.some((m) => m.role === 'alerts');
}

/** the members shown in their own sections (request, covers, bundles) are left out */
export function otherMembers(members: readonly ReceivedMember[]): ReceivedMember[] {
  return members.filter((m) => !['mla-request', 'mla-cover', 'evidence-bundle'].includes(m.role));
}

export interface AlertRow {
  readonly key: string;
  readonly kind: 'finance' | 'screening' | null;
  /** what raised it: a finance alert's typology, a screening alert's list */
  readonly pattern: string;
  readonly score: number | null;
  readonly explanation: string;
  readonly subjects: readonly { readonly id: string; readonly caption: string }[];
}

/** the alerts a package brought, as rows; entries without a typology or list are kept with '' */
export function alertRows(alerts: readonly ReceivedAlert[] | undefined): AlertRow[] {
  if (!Array.isArray(alerts)) return [];
  return alerts.map((a, i) => ({
    key: typeof a.id === 'string' && a.id ? a.id : `alert-${i}`,
    kind: a.kind === 'finance' || a.kind === 'screening' ? a.kind : null,
    pattern: typeof a.typology === 'string' ? a.typology : typeof a.list === 'string' ? a.list : '',
    score: typeof a.score === 'number' && Number.isFinite(a.score) ? a.score : null,
    explanation: typeof a.explanation === 'string' ? a.explanation : '',
    subjects: (Array.isArray(a.subjects) ? a.subjects : []).flatMap((s: string | { id: string; caption?: string }) => {
      if (typeof s === 'string') return s ? [{ id: s, caption: s }] : [];
      return s && typeof s.id === 'string' ? [{ id: s.id, caption: typeof s.caption === 'string' && s.caption ? s.caption : s.id }] : [];
    }),
  }));
}

/** a victim's pseudonym (`psn-…`), shown left to right in monospace rather than as a name */
export function isPseudonym(name: string): boolean {
  return /^psn-[0-9a-f]{32}$/.test(name);
}
