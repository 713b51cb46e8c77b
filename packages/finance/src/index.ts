/**
 * @ariadne/finance — financial intelligence (issue 10): transactions in (CSV with a column map,
 * ISO 20022, FtM Payment entities), the transaction graph, structural detectors and trafficking /
 * terrorist-financing red flags, typology scores and alerts, the streaming scorer, goAML reports,
 * and a generator of labelled synthetic transactions.
 */
export * from './types.ts';
export * from './detector.ts';
export { TransactionGraph, TX_ATTRIBUTES, type NodeInfo, type TransactionGraphOptions, type TxAttribute } from './tx-graph.ts';
export { readIso20022, messageOfNamespace, type Iso20022Options, type Iso20022Result } from './iso20022.ts';
export type { XmlLimits } from './iso20022-xml.ts';
export { paymentsFromFtm, paymentsToFtm, type FtmPaymentOptions, type FtmPaymentResult } from './ftm-payments.ts';
export * from './goaml/index.ts';
export { parseColumnMap, indexColumns, REQUIRED_TRANSACTION_COLUMNS, OPTIONAL_TRANSACTION_COLUMNS, type ColumnMap, type TransactionColumn, type TransactionColumns } from './column-map.ts';
export { readCsvRecords, csvFileChunks, MAX_RECORD_CHARS, MAX_FIELDS, type CsvInput, type CsvChunk, type CsvRecord, type CsvRow, type CsvBadRecord, type CsvReadOptions } from './csv-records.ts';
export { readTransactionsCsv, readTransactionsCsvFile, parseAmount, parseTimestamp, countryCode, DEFAULT_BATCH_SIZE, MAX_AMOUNT, MAX_TRANSACTIONS, BALANCE_TOLERANCE, type TransactionCsvOptions, type TransactionBatch } from './transactions-csv.ts';
export { parseAccountMap, readAccountsCsv, accountKindOf, ACCOUNT_COLUMNS, type AccountMap, type AccountColumn } from './accounts-csv.ts';
export { parseCurrencyTable, baseOnlyTable, toBase, minorUnits, isCurrencyCode } from './currency.ts';
export { kindOf, KIND_CODES } from './transaction-kinds.ts';
export { parseScoringConfig, scoreTypology, type ScoringConfig, type Typology, type TypologyHit, type TypologyRule } from './typology.ts';
export { explainHit, prepareScan, scanGraph, scanNode, toAlertLine, type NodeScanRun, type PreparedScan, type ScanOptions, type ScanResult, type ScanStats } from './scan.ts';
export { StreamScorer, type PushResult, type StreamEvent, type StreamScorerOptions } from './stream-scorer.ts';
export { generateTransactions, generateTransactionStream, PLANTED_TYPOLOGIES, type GeneratedData, type GeneratedStream, type GeneratorContext, type GeneratorOptions, type PlantedPattern, type PlantedTypology } from './generator.ts';
export { writeGeneratedFiles, GENERATED_FILES, type WrittenFiles } from './generator-files.ts';
export { evaluateAlerts, illicitTransactionIds, PATTERN_FOUND_COVERAGE, type Evaluation, type TypologyRecall, type TransactionScores } from './evaluate.ts';
export { amountRuleBaseline, createAmountRule, degreeBaseline, type AmountRuleOptions, type DegreeOptions } from './baselines.ts';
export { DETECTORS, DEFAULT_SCORING, STRUCTURAL_DETECTORS } from './detectors/registry.ts';
export { scanGraphParallel, type ParallelScanOptions } from './parallel-scan.ts';
export type { SharedGraphData } from './tx-graph.ts';
