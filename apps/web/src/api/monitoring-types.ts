/**
 * The monitoring HTTP API's shapes (issue 7: patterns, routes, hot spots, safe publication), as
 * the UI reads them. The closed lists are copied from packages/monitoring/src/types.ts because
 * that package's index pulls in server-side code the browser bundle must not carry; a test
 * checks the copies still match.
 */

export const EXPLOITATION_FORMS = [
  'sexual_exploitation', 'forced_labour', 'slavery', 'practices_similar_to_slavery', 'servitude',
  'removal_of_organs', 'forced_marriage', 'child_recruitment', 'sale_of_persons', 'other', 'unknown',
] as const;
export type ExploitationForm = (typeof EXPLOITATION_FORMS)[number];

export const INCIDENT_CATEGORIES = [
  'tip:recruitment', 'tip:transit', 'tip:exploitation', 'tip:sale',
  'mrm:killing_maiming', 'mrm:recruitment_use', 'mrm:sexual_violence', 'mrm:abduction', 'mrm:attacks_schools_hospitals', 'mrm:denial_humanitarian_access',
  'crsv:rape', 'crsv:sexual_slavery', 'crsv:forced_prostitution', 'crsv:forced_pregnancy', 'crsv:forced_abortion', 'crsv:enforced_sterilisation', 'crsv:forced_marriage', 'crsv:trafficking_for_sexual_exploitation', 'crsv:other',
  'gbv:rape', 'gbv:sexual_assault', 'gbv:physical_assault', 'gbv:forced_marriage', 'gbv:denial_of_resources', 'gbv:psychological_abuse',
  'other',
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

export const VERIFICATION_STATUSES = ['reported', 'verified', 'unverified', 'discredited'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

export const DATASET_KINDS = ['hxl', 'acled', 'htcds', 'glotip', 'boundaries'] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number];

export const DP_MECHANISMS = ['discrete-laplace', 'discrete-gaussian', 'none'] as const;
export type DpMechanism = (typeof DP_MECHANISMS)[number];

export const TIME_STEPS = ['week', 'month', 'quarter', 'year'] as const;
export type TimeStep = (typeof TIME_STEPS)[number];
/** what the server accepts for trends and for releases (packages/monitoring PERIOD_STEPS) */
export const TREND_STEPS = ['month', 'quarter', 'year'] as const;
export const RELEASE_STEPS = TREND_STEPS;
/** the emerging hot spot analysis runs on weeks, months or years */
export const HOTSPOT_STEPS = ['week', 'month', 'year'] as const;

export const REPORT_LANGUAGES = ['en', 'fr', 'ar'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

/** The filters every analysis and release takes (sent as query parameters or in a release's `filters`). */
export interface MonitoringFilters {
  /** YYYY-MM-DD */
  readonly from?: string;
  readonly to?: string;
  /** ISO 3166-1 alpha-2, upper case */
  readonly countries?: readonly string[];
  readonly pcodes?: readonly string[];
  readonly categories?: readonly string[];
  readonly forms?: readonly string[];
  /** perpetrator groups as the sources name them */
  readonly groups?: readonly string[];
  /** the server's default is "verified" */
  readonly verification?: string;
}

export interface Dataset {
  readonly id: string;
  readonly kind: DatasetKind | string;
  readonly fileName: string;
  readonly sha256: string;
  readonly importedAt: string;
  readonly importedBy: string;
  /** records imported */
  readonly items: number;
  /** records refused */
  readonly problems: number;
}

export interface RecordProblem {
  /** 1-based row or record number in the file */
  readonly record: number;
  readonly message: string;
}

export interface DatasetImport {
  readonly dataset: Dataset;
  /** the first 100 */
  readonly problems: readonly RecordProblem[];
  readonly notes: readonly string[];
}

export interface GlotipValue {
  readonly country: string;
  readonly indicator: string;
  readonly dimension: string;
  readonly category: string;
  readonly sex: string;
  readonly age: string;
  readonly year: number;
  /** null when the source censored it (then `censoredBelow` says below what) or left it empty */
  readonly value: number | null;
  readonly censoredBelow: number | null;
}

export interface GlotipQuery {
  readonly country?: string;
  readonly indicator?: string;
  readonly from?: number | string;
  readonly to?: number | string;
}

export interface TrendPoint {
  readonly period: string;
  readonly count: number;
  /** derived from fewer than k incidents: internal only */
  readonly small: boolean;
}

export interface Trends {
  readonly step: string;
  readonly series: readonly TrendPoint[];
  readonly total: number;
}

export interface Flow {
  readonly origin: string;
  readonly transit: readonly string[];
  readonly destination: string;
  readonly count: number;
  readonly movements: number;
  readonly first: string;
  readonly last: string;
  readonly small: boolean;
}

export interface Corridor {
  readonly origin: string;
  readonly destination: string;
  readonly count: number;
  readonly small: boolean;
}

export type CorridorChangeKind = 'new' | 'growing' | 'shrinking' | 'gone' | 'stable';

export interface CorridorChange {
  readonly origin: string;
  readonly destination: string;
  readonly before: number;
  readonly after: number;
  readonly change: CorridorChangeKind;
}

export interface Routes {
  readonly flows: readonly Flow[];
  readonly corridors: readonly Corridor[];
  readonly changes: readonly CorridorChange[];
}

export interface RoutesQuery {
  readonly level?: 'country' | 'pcode';
  readonly compareFrom?: string;
  readonly compareTo?: string;
}

export type HotBin = 'hot-99' | 'hot-95' | 'hot-90' | 'none' | 'cold-90' | 'cold-95' | 'cold-99';

export interface HotspotCell {
  readonly cell: string;
  readonly count: number;
  readonly z: number;
  readonly p: number;
  readonly hot: HotBin;
  /** emerging hot spot class ('new hot spot', 'no pattern', …) */
  readonly category: string;
  readonly trendZ: number;
  readonly trendP: number;
  readonly reason: string;
  readonly small: boolean;
}

export interface Hotspots {
  readonly resolution: number;
  readonly steps: readonly string[];
  readonly cells: readonly HotspotCell[];
}

export interface LocalisedText {
  readonly en: string;
  readonly fr?: string;
  readonly ar?: string;
}

export interface TableDimension {
  readonly name: string;
  /** the dimension's HXL hashtag ("#adm1+code") */
  readonly hxl: string;
}

export interface PublishableTable {
  readonly id: string;
  readonly title?: LocalisedText;
  /** an i18n key, when the server names the title that way instead */
  readonly titleKey?: string;
  readonly dimensions: readonly TableDimension[];
}

export interface DisclosureNote {
  readonly k: number;
  readonly mechanism: DpMechanism;
  readonly epsilon: number;
  readonly delta: number;
  readonly text: string;
}

export interface ReleasedCell {
  readonly key: Readonly<Record<string, string>>;
  /** absent or null when suppressed */
  readonly value?: number | null;
  readonly suppressed: boolean;
}

export interface Release {
  readonly id: string;
  readonly title: string;
  readonly table: string;
  readonly at: string;
  readonly cells: readonly ReleasedCell[];
  readonly note: DisclosureNote;
}

export interface ReleaseSummary {
  readonly id: string;
  readonly title: string;
  readonly table: string;
  readonly at: string;
  readonly cells: number;
  readonly suppressed: number;
  readonly note: DisclosureNote;
}

export interface PrivacyLoss {
  readonly epsilon: number;
  readonly delta: number;
}

export interface Budget {
  readonly total: PrivacyLoss;
  readonly spent: PrivacyLoss;
  readonly remaining: PrivacyLoss;
}

export interface ReleaseInput {
  readonly table: string;
  readonly from: string;
  readonly to: string;
  readonly step: string;
  readonly filters?: MonitoringFilters;
  readonly k?: number;
  readonly mechanism: DpMechanism;
  readonly epsilon?: number;
  readonly delta?: number;
  readonly title: string;
}

export interface ReleaseCreated {
  readonly release: Release;
  readonly budget: Budget;
}

export interface LedgerEntry {
  readonly id: string;
  readonly at: string;
  readonly query: string;
  readonly mechanism: DpMechanism;
  readonly epsilon: number;
  readonly delta: number;
  readonly k: number;
  readonly cells: number;
  readonly suppressed: number;
}

export interface Ledger {
  readonly entries: readonly LedgerEntry[];
  readonly budget: Budget;
}

export type ReportKind = 'thematic' | 'country';

export interface ReportInput {
  readonly kind: ReportKind;
  readonly title: string;
  readonly from: string;
  readonly to: string;
  readonly country?: string;
  readonly language: ReportLanguage;
  readonly releases: readonly string[];
  readonly glotip?: { readonly country: string; readonly fromYear: number; readonly toYear: number };
}

export interface ReportSummary {
  readonly id: string;
  readonly kind: ReportKind;
  readonly title: string;
  readonly language: ReportLanguage;
  readonly createdAt: string;
}

export interface Report extends ReportSummary {
  readonly releases: readonly string[];
}
