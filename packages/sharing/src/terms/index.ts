/** Sharing agreement terms: validation, canonical hash, validity and plain-language description (issue 8). */
export { agreementActiveAt, canonicalTerms, checkTerms, describeTerms, termsHash } from './terms.ts';
