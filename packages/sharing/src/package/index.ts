/**
 * Signed, encrypted sharing packages (issue 8): identities and partner cards, the signed
 * manifest, writing a package (ustar + age), opening and verifying one, and the pure check of a
 * package against its agreement. Every refusal is a `PackageRefused` with a precise reason.
 */
export {
  fingerprint, formatIdentityFile, formatPartyIdentity, generateLocalIdentity, IDENTITY_FILE_FORMAT, isLedgerVerifierKey, isPartyName,
  ledgerKeyFingerprint, loadOrCreateIdentityFile, PARTY_FORMAT, parseIdentityFile, parsePartyIdentity, publicIdentity,
} from './identity.ts';
export { ageRecipientOf, isAgeRecipient, isSigningKey } from './keys.ts';
export {
  canonicalJson, canonicalManifestBytes, MANIFEST_NAME, manifestIssues, manifestSchema, MEMBER_ROLES, memberPathProblem, parseManifest,
  parseSignatureFile, SIGNATURE_NAME, signManifestBytes, verifyManifestBytes,
} from './manifest.ts';
export { encryptToFile, writePackage, type ManifestDraft, type MemberSource, type PackageMemberInput, type WritePackageInput, type WrittenPackage } from './write-package.ts';
export {
  DEFAULT_MAX_MEMBERS, DEFAULT_MAX_PACKAGE_BYTES, openPackage, type ExtractedMember, type OpenedPackage, type OpenPackageOptions,
} from './read-package.ts';
export { isPackageRefused, PackageRefused, refusalSentence } from './refusal.ts';
export { checkPackageAgainstAgreement, type AgreementForCheck, type PackageCheckContext } from './check-package.ts';
