/**
 * The standalone verifier (verifier/verify-bundle.mjs, plain JavaScript so that a court's expert
 * can read and run it alone), re-exported with its types for the rest of the code base. The CLI's
 * `ariadne evidence verify BUNDLE` calls `verifyBundle` and exits 0 only when `ok`, 1 when not,
 * and 2 when it rejects (unreadable input, malformed key).
 */
export {
  ATTACHMENTS as BUNDLE_ATTACHMENTS, FORMAT as BUNDLE_FORMAT, LIMITS as BUNDLE_LIMITS, VERSION as BUNDLE_VERSION,
  checkManifest, itemFilePath, keyFingerprint, safeSegment, verifyBundle,
  type KeySummary as BundleKeySummary, type Problem as BundleProblem, type ProblemCode as BundleProblemCode,
  type Summary as BundleSummary, type Verification as BundleVerification,
} from '../../verifier/verify-bundle.mjs';
