/**
 * @ariadne/sanctions: streaming parsers turning published sanctions lists (UN Security Council
 * Consolidated List XML, OFAC SDN legacy CSV set) into validated FollowTheMoney entities.
 */
export { parseUnConsolidated, UN_SOURCE_URL, scriptOf } from './un-consolidated.ts';
export type { UnParseOptions } from './un-consolidated.ts';
export { parseOfacLegacyCsv, OFAC_SOURCE_URL } from './ofac-legacy-csv.ts';
export type { OfacParseOptions, OfacSources } from './ofac-legacy-csv.ts';
export { parseOfacAdvanced, OFAC_ADVANCED_SOURCE_URL, OFAC_ADVANCED_NAMESPACES } from './ofac-advanced.ts';
export type { OfacAdvancedParseOptions } from './ofac-advanced.ts';
export { parseFtmJson, DEFAULT_MAX_LINE_CHARS, DEFAULT_MAX_ARRAY_CHARS } from './ftm-json.ts';
export type { FtmJsonParseOptions } from './ftm-json.ts';
export { detectListFormat, openListFile, ListFileError, SNIFF_BYTES } from './list-files.ts';
export type { ListFormat, OpenedList, OpenListOptions } from './list-files.ts';
export { groupDesignations, DESIGNATED_SCHEMATA } from './designations.ts';
export type { Designation, Designations } from './designations.ts';
export { parseEuFsf, EU_SOURCE_URL } from './eu-fsf.ts';
export type { EuParseOptions } from './eu-fsf.ts';
export { parseUkSanctionsList, UK_SOURCE_URL, ukDate } from './uk-sanctions.ts';
export type { UkParseOptions } from './uk-sanctions.ts';
export { MAX_FIELD_CHARS } from './list-item.ts';
export type { ByteSource, ListItem, ListRecordError } from './list-item.ts';
export { stripBidi } from './name-text.ts';
export {
  score, defaultAlgorithm, DEFAULT_ALGORITHM, jaroWinkler, nameSimilarity, weakAliasMatch, birthDateMatch,
  birthDateContradiction, nationalityMatch, genderMismatch, MAX_NAME_CHARS, prepareName, nameScore, NO_EQUIVALENCES,
} from './matcher.ts';
export type { Algorithm, Equivalences, Feature, FeatureResult, MatchCandidate, MatchQuery, MatchResult, PreparedName, SimilarityMemo } from './matcher.ts';
export { buildIndex, screenQuery, defaultEntryOf } from './screen.ts';
export type { IndexedName, IndexOptions, ListEntities, ListName, ScreeningIndex, ScreeningMatch, ScreeningQuery, ScreeningResult } from './screen.ts';
export { proposeDuplicates, normaliseIdentifier, DUPLICATES_VERSION, DEFAULT_MAX_BLOCK_SIZE, MAX_EXPLANATION_LINES } from './duplicates.ts';
export type { DuplicateOptions, DuplicateProposal, ResolvableEntity } from './duplicates.ts';
export { readQueryCsv, type QueryRow } from './query-csv.ts';
