/**
 * Reduction of entities to a sharing agreement (sender) and the recipient's conformance check
 * and id remapping (issue 8), and the same for the alerts that travel beside the entities.
 */
export { reduceToAgreement } from './reduce.ts';
export type { ReduceInput, Reduction, ReductionCounts, RefusedRecord } from './reduce.ts';
export { consentedRecords } from './consent.ts';
export type { ConsentLookup } from './consent.ts';
export { victimLinkedIds, victimPointers, victimRecordIds, victimsOfRecords } from './victims.ts';
export { placeholderProperties, victimSafeProperty } from './victim-safe.ts';
export { victimMentions } from './scrub.ts';
export type { VictimMention } from './scrub.ts';
export {
  PSEUDONYM_ID_PATTERN, PSEUDONYM_KEY_INFO, PSEUDONYM_VALUE_PATTERN, looksPseudonymised, partnerPseudonymKey, pseudonymId, pseudonymValue, typedPseudonym,
} from './pseudonym.ts';
export type { PseudonymKey } from './pseudonym.ts';
export { checkConformance, localIdFor, remapForImport, LOCAL_SHARE_ID_PATTERN } from './conformance.ts';
export type { ConformanceViolation } from './conformance.ts';
export {
  ACCOUNT_PLACEHOLDER, ALERTS_FORMAT, ALERTS_PATH, SHARED_ALERT_ID_PATTERN, SHARED_ALERT_STATUSES, TRANSACTION_PLACEHOLDER, WITHHELD_PLACEHOLDER,
  alertsForImport, checkAlertsConformance, holdsAccountLike, parseSharedAlerts, reduceAlerts,
} from './alerts.ts';
export type {
  AlertReduction, AlertReductionCounts, SharedFinanceSource, ReduceAlertsInput, SharedScreeningSource, SharedAlert, SharedAlertFinding, SharedAlertStatus, SharedAlertsDocument,
} from './alerts.ts';
