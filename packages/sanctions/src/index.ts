/**
 * @ariadne/sanctions: streaming parsers turning published sanctions lists (UN Security Council
 * Consolidated List XML, OFAC SDN legacy CSV set) into validated FollowTheMoney entities.
 */
export { parseUnConsolidated, UN_SOURCE_URL, scriptOf } from './un-consolidated.ts';
export type { UnParseOptions } from './un-consolidated.ts';
export { parseOfacLegacyCsv, OFAC_SOURCE_URL } from './ofac-legacy-csv.ts';
export type { OfacParseOptions, OfacSources } from './ofac-legacy-csv.ts';
export { MAX_FIELD_CHARS } from './list-item.ts';
export type { ByteSource, ListItem, ListRecordError } from './list-item.ts';
export { stripBidi } from './name-text.ts';
export {
  score, defaultAlgorithm, DEFAULT_ALGORITHM, jaroWinkler, nameSimilarity, weakAliasMatch, birthDateMatch,
  birthDateContradiction, nationalityMatch, genderMismatch, MAX_NAME_CHARS,
} from './matcher.ts';
export type { Algorithm, Feature, FeatureResult, MatchCandidate, MatchQuery, MatchResult } from './matcher.ts';
export { buildIndex, screenQuery, defaultEntryOf } from './screen.ts';
export type { IndexedName, ListEntities, ListName, ScreeningIndex, ScreeningMatch, ScreeningQuery, ScreeningResult } from './screen.ts';
