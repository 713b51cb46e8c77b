/**
 * @ariadne/linkage: privacy-preserving record linkage. Each party encodes its records into CLKs
 * (keyed Bloom filters) with a secret shared for one linkage; a matcher links the CLKs without
 * seeing a name, and reveals only matched pairs.
 */

// encoding
export type * from './types.ts';
export {
  parseLinkageSchema,
  schemaSha256,
  canonicalJson,
  encodedFeatures,
  schemaThreshold,
  MIN_ENCODED_FEATURES,
  DEFAULT_THRESHOLD,
} from './linkage-schema.ts';
export { normaliseValue, isMissingValue } from './normalise.ts';
export { tokenise, ngrams } from './tokens.ts';
export { LinkageSecret, linkageSecret, randomLinkageSecret, fieldKeys, MIN_SECRET_BYTES, type FieldKeys } from './secret.ts';
export {
  createEncoder,
  encodeTable,
  popcount,
  bitPositions,
  doubleHashSteps,
  type ClkEncoder,
  type EncodeTableOptions,
  type EncodedTable,
} from './encode.ts';
export { blockingHashes, createBlocker, blockingTransform, soundex, type Blocker } from './blocking.ts';
export {
  writeClkFile,
  clkFileLines,
  readClkFile,
  writeTokenMap,
  readTokenMap,
  CLK_FORMAT,
  DEFAULT_MAX_RECORDS,
  MAX_LINE_BYTES,
  type ReadClkFileOptions,
  type ClkFileInput,
} from './clk-file.ts';

// matching
export {
  allPairsScores,
  andPopcount,
  bestDiceKernel,
  checkComparable,
  checkThreshold,
  clkPopcounts,
  countAllPairs,
  dice,
  jsDiceKernel,
  popcount32,
  wasmDiceKernel,
  type DiceKernel,
  type OnPair,
} from './dice.ts';
export { wasmDiceAvailable } from './dice-wasm.ts';
export { blockingCandidates, DEFAULT_MAX_BLOCK_SIZE, type CandidateOptions, type CandidatePairs } from './candidates.ts';
export { ScoredPairsBuilder, scoredPairsFrom, type ScoredPairs } from './scored-pairs.ts';
export { greedyAssign, orderByScore, type GreedyOptions } from './assign.ts';
export { matchClkSets, revealPairs, type MatchOptions, type MatchResult, type MatchRunStats, type RevealedPair } from './match.ts';
export {
  readRecordCsv,
  writePairsCsv,
  DEFAULT_MAX_FIELD_BYTES,
  DEFAULT_MAX_CSV_RECORDS,
  MAX_COLUMNS,
  type PairRow,
  type RecordCsvInput,
  type RecordCsvOptions,
} from './record-csv.ts';
export { linkRecords, evaluateLinkage, febrlTruth, type LinkOptions, type LinkResult, type LinkageQuality } from './link.ts';
