/**
 * The shapes monitoring works on (issue 7): incidents and movements as the analyses see them,
 * whatever they came from (Ariadne's own cases, HXL-tagged CSV, ACLED, HTCDS, GLOTIP), counts
 * that may be censored ("<5"), and the tables the publication gate releases.
 *
 * Pure types and closed lists: no I/O. Every module of @ariadne/monitoring speaks these.
 */

/** Forms of exploitation: the Incident schema's closed list (packages/schema/schemata/incident.yaml), plus "other" and "unknown" for outside data. */
export const EXPLOITATION_FORMS = [
  'sexual_exploitation', 'forced_labour', 'slavery', 'practices_similar_to_slavery', 'servitude',
  'removal_of_organs', 'forced_marriage', 'child_recruitment', 'sale_of_persons', 'other', 'unknown',
] as const;
export type ExploitationForm = (typeof EXPLOITATION_FORMS)[number];

/**
 * Incident categories, compatible with the taxonomies monitoring officers report in: the six
 * grave violations of the MRM (Security Council resolution 1612), the CRSV forms of the
 * Secretary-General's annual CRSV reports, and the six GBVIMS core incident types. A category
 * names its family (`mrm:`, `crsv:`, `gbv:`) or is a trafficking stage (`tip:`).
 */
export const INCIDENT_CATEGORIES = [
  'tip:recruitment', 'tip:transit', 'tip:exploitation', 'tip:sale',
  'mrm:killing_maiming', 'mrm:recruitment_use', 'mrm:sexual_violence', 'mrm:abduction', 'mrm:attacks_schools_hospitals', 'mrm:denial_humanitarian_access',
  'crsv:rape', 'crsv:sexual_slavery', 'crsv:forced_prostitution', 'crsv:forced_pregnancy', 'crsv:forced_abortion', 'crsv:enforced_sterilisation', 'crsv:forced_marriage', 'crsv:trafficking_for_sexual_exploitation', 'crsv:other',
  'gbv:rape', 'gbv:sexual_assault', 'gbv:physical_assault', 'gbv:forced_marriage', 'gbv:denial_of_resources', 'gbv:psychological_abuse',
  'other',
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

/** Verification status: the Incident schema's list. Only `verified` incidents enter published figures unless a report says otherwise. */
export const VERIFICATION_STATUSES = ['reported', 'verified', 'unverified', 'discredited'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];
/** Age bands as UNODC's GLOTIP reports them, children split where the source allows. */
export const AGE_BANDS = ['0-11', '12-17', '0-17', '18+', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Where something happened: an ISO 3166-1 alpha-2 country, optionally a P-coded admin area (opaque string), optionally a point. */
export interface Place {
  /** ISO 3166-1 alpha-2, upper case ("IQ"); undefined when the place could not be resolved. */
  readonly country?: string;
  /** A P-code from a loaded boundary file ("IQ01"); treated as an opaque string. */
  readonly pcode?: string;
  readonly lat?: number;
  readonly lon?: number;
}

/** Victims of an incident by sex and age band: counts of persons, never names or identifiers. */
export interface VictimGroup {
  readonly sex: Sex;
  readonly ageBand: AgeBand;
  readonly count: number;
}

/** One incident as the analyses see it. */
export interface Incident {
  /** Stable id within its source ("case:<entity id>", "acled:<event id>", "hxl:<file>#<row>"). */
  readonly id: string;
  /** Where it came from ("case", "hxl", "acled", "htcds", …) and which file or case. */
  readonly source: string;
  /** ISO date "YYYY-MM-DD" (or "YYYY-MM" when the day is unknown). */
  readonly date: string;
  readonly place: Place;
  readonly category: IncidentCategory;
  readonly forms: readonly ExploitationForm[];
  /** Perpetrator group as named by the source (an armed group's name or entity id). */
  readonly perpetratorGroup?: string;
  readonly verification: VerificationStatus;
  readonly victims: readonly VictimGroup[];
  /**
   * Entity ids of the persons (victims) the incident counts, when it comes from Ariadne's own
   * cases: consent withdrawn for `statistics` removes them from the next release. Never published.
   */
  readonly subjects?: readonly string[];
}

/** One stage of a route. */
export interface RouteStage {
  readonly role: 'origin' | 'transit' | 'destination';
  readonly place: Place;
  /** ISO date the stage was reached, if known. */
  readonly date?: string;
}

/** A person's (or a group's) route: origin, any transit stages in order, destination. */
export interface Movement {
  readonly id: string;
  readonly source: string;
  readonly stages: readonly RouteStage[];
  /** Persons who travelled it (1 for one person's movement; more for a group or an aggregate). */
  readonly count: number;
  readonly forms: readonly ExploitationForm[];
  readonly subjects?: readonly string[];
}

/** A count a source suppressed below a threshold ("<5" in GLOTIP): never turned into a number. */
export interface CensoredCount {
  readonly censored: true;
  /** The source's threshold: the true count is between 0 (or 1) and `below` - 1. */
  readonly below: number;
}
export type ReportedCount = number | CensoredCount;
export const isCensored = (c: ReportedCount): c is CensoredCount => typeof c === 'object' && c !== null && c.censored === true;

/** A record an importer could not take, with the reason; the rest of the file is still imported. */
export interface RecordProblem {
  /** 1-based row or record number in the file. */
  readonly record: number;
  readonly message: string;
}

export interface ImportResult<T> {
  readonly items: T[];
  readonly problems: RecordProblem[];
}

/** Differential-privacy mechanisms the gate knows. */
export type DpMechanism = 'discrete-laplace' | 'discrete-gaussian' | 'none';

/** One cell of a table before the gate: its dimensions and true count. */
export interface TableCell {
  /** Dimension values, by dimension name ({ country: 'IQ', year: '2024', sex: 'female' }). */
  readonly key: Readonly<Record<string, string>>;
  readonly count: number;
}

/** One cell after the gate. `value` undefined means suppressed (below k). */
export interface ReleasedCell {
  readonly key: Readonly<Record<string, string>>;
  readonly value: number | undefined;
  readonly suppressed: boolean;
}

/** What a release asks of the gate. */
export interface ReleaseRequest {
  /** Human-readable description of the query (what table, which filters): stored in the ledger. */
  readonly query: string;
  readonly dimensions: readonly string[];
  /** Small-cell threshold: default 10, never below 5. */
  readonly k?: number;
  readonly mechanism: DpMechanism;
  /** Privacy loss of this release (required unless mechanism is 'none'). */
  readonly epsilon?: number;
  /** For the discrete Gaussian; 0 for pure DP. */
  readonly delta?: number;
}

/** A row of the persistent privacy-budget ledger. */
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

/** The note a published figure carries, saying how it was protected. */
export interface DisclosureNote {
  readonly k: number;
  readonly mechanism: DpMechanism;
  readonly epsilon: number;
  readonly delta: number;
  /** Plain sentence for the report ("Counts below 10 suppressed; discrete Laplace noise, ε = 1."). */
  readonly text: string;
}
