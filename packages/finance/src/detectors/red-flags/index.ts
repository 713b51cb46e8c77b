/**
 * The trafficking and terrorist-financing red flags (section 2 of the financial-intelligence
 * research, ids HT-nn and CT-nn) that transaction, KYC and scan-context data support. Each is a
 * `Detector` keeping the anchor rule; the registry below is what typology configuration and the
 * scans read.
 *
 * Not implemented, because the data does not carry what they need: HT-14 (upkeep spending against
 * the activity a customer declared, which KYC does not hold), HT-11 (merchants' opening hours),
 * HT-12 (agency licence lists), HT-17 (contact data in advertisements), HT-20 (which processors
 * hide the parties), HT-24 (device, IP and escort data), HT-26 (expected cash intensity of a line
 * of business), CT-03 to CT-05 (route, OSINT and clinic intelligence). HT-21 (structuring below the
 * threshold) is the structural structuring detector's job.
 */
import type { AnyDetector } from '../../detector.ts';
import { businessUpkeep } from './business-upkeep.ts';
import { cashThenWireAbroad } from './cash-then-wire-abroad.ts';
import { cashWithoutPayroll } from './cash-without-payroll.ts';
import { adPayments, foreignClassifieds, prepaidCards, smallCryptoPurchases } from './frequent-payments.ts';
import { funnelAccount } from './funnel-account.ts';
import { geographicMovement } from './geographic-movement.ts';
import { conflictArea, listedParty } from './listed-and-conflict.ts';
import { outOfPatternPurchases } from './out-of-pattern-purchases.ts';
import { ransomPooling } from './ransom-pooling.ts';
import { revenueWithoutPayroll } from './revenue-without-payroll.ts';
import { rivuletsForeignSpigot } from './rivulets-foreign-spigot.ts';
import { shortStayLodging } from './short-stay-lodging.ts';
import { smallCreditsToCrypto } from './small-credits-to-crypto.ts';
import { travelTickets } from './travel-tickets.ts';
import { unrelatedSenders } from './unrelated-senders.ts';
import { wagePooling } from './wage-pooling.ts';
import { wageSweep } from './wage-sweep.ts';

export {
  adPayments, businessUpkeep, cashThenWireAbroad, cashWithoutPayroll, conflictArea, foreignClassifieds, funnelAccount, geographicMovement,
  listedParty, outOfPatternPurchases, prepaidCards, ransomPooling, revenueWithoutPayroll, rivuletsForeignSpigot, shortStayLodging, smallCreditsToCrypto,
  smallCryptoPurchases, travelTickets, unrelatedSenders, wagePooling, wageSweep,
};
export { repeatedMultiples } from './frequent-payments.ts';
export { groupPurchases } from './travel-tickets.ts';

/** every red-flag detector, in the research list's order */
export const RED_FLAG_DETECTORS: AnyDetector[] = [
  wagePooling, wageSweep, revenueWithoutPayroll, rivuletsForeignSpigot, funnelAccount, adPayments, shortStayLodging, travelTickets,
  businessUpkeep, outOfPatternPurchases, geographicMovement, cashWithoutPayroll, prepaidCards, foreignClassifieds, smallCryptoPurchases, unrelatedSenders,
  cashThenWireAbroad, smallCreditsToCrypto, listedParty, conflictArea, ransomPooling,
];
