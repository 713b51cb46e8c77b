/**
 * The evidence bundles a received package carries, each run through the evidence verifier
 * (`verifyBundle`, the same check as `ariadne evidence verify`) before anything is imported. The
 * package's own signed manifest proves only that a bundle arrived as the sender packed it; this
 * proves the bundle itself: every file, custody event and inclusion proof against the signed
 * checkpoint. A bundle is checked against the ledger key the partner publishes when one is
 * registered for it (so a bundle signed by any other key fails), else against the key it carries
 * (which proves it consistent, not whose it is: the summary says which, with the key's
 * fingerprint to compare with the one the partner publishes).
 *
 * One bundle that does not verify refuses the whole package as `tampered`; the detail names the
 * member and the first problem's code, never a problem's message (it may quote the bundle's
 * content: a case name, a file name).
 */
import { verifyBundle as evidenceVerifier, type BundleVerification } from '@ariadne/evidence';
import { PackageRefused, type OpenedPackage } from '@ariadne/sharing';

/** what the receiving side keeps of a bundle's verification, beside the member */
export interface BundleCheck {
  /** always true for a kept bundle: one that fails refuses its package */
  readonly ok: boolean;
  /** the bundle's own id (from its manifest) */
  readonly bundleId: string | null;
  readonly items: number;
  readonly events: number;
  /** the log whose checkpoint the proofs lead to */
  readonly log: { readonly origin: string; readonly treeSize: number } | null;
  /** the name of the key the bundle verified against (`<name>` of `<name>+<key id>+<key>`) */
  readonly keyName: string | null;
  /** hex SHA-256 of that verifier key, as the organisation publishes it */
  readonly keyFingerprint: string | null;
  /** `partner`: the partner's registered ledger key; `bundle`: the key the bundle carries */
  readonly keyChecked: 'partner' | 'bundle';
}

export type BundleVerifier = (file: string, options: { key?: string }) => Promise<BundleVerification>;

/** how many problems a refusal counts beyond the first */
function moreProblems(verification: BundleVerification): string {
  const more = verification.problems.length - 1 + verification.summary.moreProblems;
  return more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : '';
}

/**
 * Verifies every `evidence-bundle` member of the package, against `partnerLedgerKey` when there is
 * one; answers each bundle's check by member path, or throws `PackageRefused('tampered')` at the
 * first bundle that does not verify.
 */
export async function verifyEvidenceMembers(
  opened: OpenedPackage, partnerLedgerKey: string | null, verify: BundleVerifier = evidenceVerifier,
): Promise<ReadonlyMap<string, BundleCheck>> {
  const keyChecked = partnerLedgerKey === null ? 'bundle' : 'partner';
  const against = partnerLedgerKey === null ? 'the key it carries' : "the partner's registered ledger key";
  const checks = new Map<string, BundleCheck>();
  for (const [path, member] of opened.members) {
    if (member.role !== 'evidence-bundle') continue;
    const verification = await verify(member.file, partnerLedgerKey === null ? {} : { key: partnerLedgerKey });
    const first = verification.problems[0];
    if (!verification.ok || first) {
      throw new PackageRefused('tampered', `Evidence bundle ${path} does not verify against ${against}: ${first?.code ?? 'not intact'}${moreProblems(verification)}.`);
    }
    const { summary } = verification;
    checks.set(path, {
      ok: true, bundleId: summary.bundleId, items: summary.items, events: summary.events,
      log: summary.log ? { origin: summary.log.origin, treeSize: summary.log.treeSize } : null,
      keyName: summary.key?.name ?? null, keyFingerprint: summary.key?.fingerprint ?? null, keyChecked,
    });
  }
  return checks;
}
