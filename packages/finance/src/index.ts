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
