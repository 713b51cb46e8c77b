/**
 * Mutual legal assistance and extradition requests (issue 8 part 4): the `ariadne-mla/1` request
 * format and its check, the cover document in English, French and Arabic, and the members an
 * `mla-request` package carries. The format is documented in docs/mla-package.md.
 */
export {
  EXPLOITATION_FORMS, EXTRADITION_MEASURES, MAX_FACTS_CHARS, MEASURE_KINDS, MLA_FORMAT, MLA_KINDS, PSEUDONYM_PATTERN,
  SUBJECT_ROLES, URGENCY_LEVELS, VICTIM_ROLE, checkMlaRequest,
} from './mla-request.ts';
export type {
  ExploitationForm, MeasureKind, MlaAuthority, MlaCheckpoint, MlaContact, MlaEvidence, MlaIdentifier, MlaKind, MlaMeasure,
  MlaOffence, MlaRequest, MlaSubject, MlaUrgency, SubjectRole, UrgencyLevel,
} from './mla-request.ts';
export { COVER_LOCALES, renderMlaCover } from './cover-document.ts';
export type { CoverLocale, CoverOptions } from './cover-document.ts';
export { MLA_REQUEST_PATH, canonicalMlaRequestBytes, mlaEvidenceMemberPath, mlaPackageMembers, readMlaRequest } from './mla-members.ts';
export type { MlaMember, MlaMembersOptions } from './mla-members.ts';
export { COUNTRY_CODES, isCountryCode } from './countries.ts';
