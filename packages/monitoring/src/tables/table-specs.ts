/**
 * The catalogue of tables monitoring publishes, as data: for each table its dimensions, each
 * dimension's HXL hashtag and DOMAIN (the values its cells run over), the figure's hashtag, and
 * how many cells one person can count in (what the publication gate needs to size the noise).
 *
 * Domains are fixed before any data is read: a closed list of types.ts (forms of exploitation,
 * incident categories, sexes, age bands) or a list the request names (the periods of the
 * requested range, the requested countries, P-codes, perpetrator groups or H3 cells). Never the
 * values that happen to occur: a table listing only those reveals, by a key's presence, that
 * someone has that combination (publication-gate.ts).
 *
 * Not in the catalogue on purpose: UNODC GLOTIP country figures. UNODC has already published
 * them under its own "<5" rule; re-releasing them through the gate would spend privacy budget on
 * public numbers and add noise to official figures. A report quotes them as the source gives
 * them, "<5" kept as censored (report-model.ts `justiceTable`, with the source named).
 */
import { AGE_BANDS, EXPLOITATION_FORMS, INCIDENT_CATEGORIES, SEXES } from '../types.ts';
import type { PeriodStep } from './periods.ts';

/** The member a domain uses for "the record does not say". Requested lists may include it. */
export const UNKNOWN = 'unknown';

/** Lists a request can name; each is the domain of a dimension, or a filter for tables without that dimension. */
export type RequestedList = 'countries' | 'pcodes' | 'groups' | 'forms' | 'categories' | 'h3Cells';

export type DomainSpec =
  /** A closed list of types.ts; a request's `filter` list, when given, narrows it (order kept as declared). */
  | { readonly kind: 'closed'; readonly values: readonly string[]; readonly filter?: RequestedList }
  /** The periods of the requested range at the requested step. */
  | { readonly kind: 'periods' }
  /** Exactly the list the request names, in its order; required. */
  | { readonly kind: 'requested'; readonly list: RequestedList };

export interface DimensionSpec {
  /** The key's name in every TableCell ("period", "country", …). */
  readonly name: string;
  /**
   * HXL hashtag with attributes. For the time dimension this is "#date"; the step's attribute
   * (+month, +quarter, +year) is added by `dimensionHxl`.
   */
  readonly hxl: string;
  /** i18n key of the column label. */
  readonly labelKey: string;
  readonly domain: DomainSpec;
}

/**
 * How many cells one person can count in per record (incident or movement) they appear in: 1
 * for every table where a record falls in one cell (or, for persons, each person of a record
 * falls in one cell); 'forms' where a record counts once under each of its forms, bounded by
 * the request's `maxFormsPerRecord`.
 */
export type CellsPerRecord = 1 | 'forms';

export interface TableSpec {
  readonly id: string;
  /** i18n key of the table's title. */
  readonly titleKey: string;
  /** What the records are: incidents, or movements (routes). */
  readonly records: 'incidents' | 'movements';
  /** What a cell counts: records, or persons (sum of VictimGroup.count or Movement.count). */
  readonly counts: 'incidents' | 'persons';
  readonly dimensions: readonly DimensionSpec[];
  /** The figure's HXL hashtag and label. */
  readonly value: { readonly hxl: string; readonly labelKey: string };
  readonly cellsPerRecord: CellsPerRecord;
  /** True when each person counts in at most one cell (given one record per person): the gate's default. */
  readonly sensitivityOne: boolean;
  /** Why the sensitivity is what it is, for the methods annex of a report. */
  readonly sensitivityNote: string;
}

const PERIOD: DimensionSpec = { name: 'period', hxl: '#date', labelKey: 'monitoring.dimension.period', domain: { kind: 'periods' } };
const COUNTRY: DimensionSpec = { name: 'country', hxl: '#country+code', labelKey: 'monitoring.dimension.country', domain: { kind: 'requested', list: 'countries' } };
// P-codes are opaque strings of any admin level (research: #adm1+code … #adm5+code name a level we do not know)
const PCODE: DimensionSpec = { name: 'pcode', hxl: '#loc+code', labelKey: 'monitoring.dimension.pcode', domain: { kind: 'requested', list: 'pcodes' } };
const FORM: DimensionSpec = { name: 'form', hxl: '#event+type+exploitation', labelKey: 'monitoring.dimension.form', domain: { kind: 'closed', values: EXPLOITATION_FORMS, filter: 'forms' } };
const CATEGORY: DimensionSpec = { name: 'category', hxl: '#event+type', labelKey: 'monitoring.dimension.category', domain: { kind: 'closed', values: INCIDENT_CATEGORIES, filter: 'categories' } };
const GROUP: DimensionSpec = { name: 'perpetratorGroup', hxl: '#org+perpetrator', labelKey: 'monitoring.dimension.perpetratorGroup', domain: { kind: 'requested', list: 'groups' } };
// HXL has no sex or age hashtag in long format (its +f/+m/+children are attributes of #affected), hence #meta
const SEX: DimensionSpec = { name: 'sex', hxl: '#meta+sex', labelKey: 'monitoring.dimension.sex', domain: { kind: 'closed', values: SEXES } };
const AGE: DimensionSpec = { name: 'ageBand', hxl: '#meta+age_band', labelKey: 'monitoring.dimension.ageBand', domain: { kind: 'closed', values: AGE_BANDS } };
const ORIGIN: DimensionSpec = { name: 'origin', hxl: '#country+code+origin', labelKey: 'monitoring.dimension.origin', domain: { kind: 'requested', list: 'countries' } };
const DESTINATION: DimensionSpec = { name: 'destination', hxl: '#country+code+dest', labelKey: 'monitoring.dimension.destination', domain: { kind: 'requested', list: 'countries' } };
const H3_CELL: DimensionSpec = { name: 'cell', hxl: '#geo+h3', labelKey: 'monitoring.dimension.cell', domain: { kind: 'requested', list: 'h3Cells' } };

const INCIDENTS_VALUE = { hxl: '#event+num', labelKey: 'monitoring.value.incidents' } as const;
const PERSONS_VALUE = { hxl: '#affected', labelKey: 'monitoring.value.persons' } as const;

const ONE_CELL_PER_INCIDENT =
  'An incident falls in one cell; a person counts in at most as many cells as incidents they appear in (maxRecordsPerPerson, default 1).';

export const TABLE_SPECS = [
  {
    id: 'incidents-by-period',
    titleKey: 'monitoring.table.incidentsByPeriod',
    records: 'incidents',
    counts: 'incidents',
    dimensions: [PERIOD],
    value: INCIDENTS_VALUE,
    cellsPerRecord: 1,
    sensitivityOne: true,
    sensitivityNote: ONE_CELL_PER_INCIDENT,
  },
  {
    id: 'incidents-by-country-period',
    titleKey: 'monitoring.table.incidentsByCountryPeriod',
    records: 'incidents',
    counts: 'incidents',
    dimensions: [COUNTRY, PERIOD],
    value: INCIDENTS_VALUE,
    cellsPerRecord: 1,
    sensitivityOne: true,
    sensitivityNote: ONE_CELL_PER_INCIDENT,
  },
  {
    id: 'incidents-by-pcode-period',
    titleKey: 'monitoring.table.incidentsByPcodePeriod',
    records: 'incidents',
    counts: 'incidents',
    dimensions: [PCODE, PERIOD],
    value: INCIDENTS_VALUE,
    cellsPerRecord: 1,
    sensitivityOne: true,
    sensitivityNote: ONE_CELL_PER_INCIDENT,
  },
  {
    id: 'incidents-by-form',
    titleKey: 'monitoring.table.incidentsByForm',
    records: 'incidents',
    counts: 'incidents',
    dimensions: [FORM],
    value: INCIDENTS_VALUE,
    cellsPerRecord: 'forms',
    sensitivityOne: false,
    sensitivityNote:
      'An incident counts once under each of its forms of exploitation, so a person counts in up to maxFormsPerRecord cells per incident; incidents listing more forms are left out, never truncated.',
  },
  {
    id: 'incidents-by-category',
    titleKey: 'monitoring.table.incidentsByCategory',
    records: 'incidents',
    counts: 'incidents',
    dimensions: [CATEGORY],
    value: INCIDENTS_VALUE,
    cellsPerRecord: 1,
    sensitivityOne: true,
    sensitivityNote: ONE_CELL_PER_INCIDENT,
  },
  {
    id: 'incidents-by-perpetrator',
    titleKey: 'monitoring.table.incidentsByPerpetrator',
    records: 'incidents',
    counts: 'incidents',
    dimensions: [GROUP],
    value: INCIDENTS_VALUE,
    cellsPerRecord: 1,
    sensitivityOne: true,
    sensitivityNote: `${ONE_CELL_PER_INCIDENT} An incident names one perpetrator group.`,
  },
  {
    id: 'victims-by-sex-age',
    titleKey: 'monitoring.table.victimsBySexAge',
    records: 'incidents',
    counts: 'persons',
    dimensions: [SEX, AGE],
    value: PERSONS_VALUE,
    cellsPerRecord: 1,
    sensitivityOne: true,
    sensitivityNote:
      'Counts persons (the sum of the incident\'s victim groups): each person is in one victim group of an incident, so counts once, in one cell, per incident they appear in (maxRecordsPerPerson, default 1).',
  },
  {
    id: 'corridors',
    titleKey: 'monitoring.table.corridors',
    records: 'movements',
    counts: 'persons',
    dimensions: [ORIGIN, DESTINATION],
    value: PERSONS_VALUE,
    cellsPerRecord: 1,
    sensitivityOne: true,
    sensitivityNote:
      'Counts persons who travelled each origin → destination corridor (Movement.count); a movement has one origin and one destination, so each of its persons counts in one cell per movement they are part of (maxRecordsPerPerson, default 1).',
  },
  {
    id: 'hotspot-cells-by-category',
    titleKey: 'monitoring.table.hotspotCellsByCategory',
    records: 'incidents',
    counts: 'incidents',
    dimensions: [H3_CELL, CATEGORY],
    value: INCIDENTS_VALUE,
    cellsPerRecord: 1,
    sensitivityOne: true,
    sensitivityNote: `${ONE_CELL_PER_INCIDENT} An incident has one point, so one H3 cell, and one category.`,
  },
  {
    id: 'hotspot-cells-by-period',
    titleKey: 'monitoring.table.hotspotCellsByPeriod',
    records: 'incidents',
    counts: 'incidents',
    dimensions: [H3_CELL, PERIOD],
    value: INCIDENTS_VALUE,
    cellsPerRecord: 1,
    sensitivityOne: true,
    sensitivityNote: `${ONE_CELL_PER_INCIDENT} The released space-time cube is what emerging-hotspot analysis should read: statistics on released counts spend no further budget.`,
  },
] as const satisfies readonly TableSpec[];

export type TableId = (typeof TABLE_SPECS)[number]['id'];
export const TABLE_IDS: readonly TableId[] = TABLE_SPECS.map((s) => s.id);

export const isTableId = (x: unknown): x is TableId => typeof x === 'string' && (TABLE_IDS as readonly string[]).includes(x);

/** The spec of a table, or undefined for an id not in the catalogue. */
export function tableSpec(id: string): TableSpec | undefined {
  return (TABLE_SPECS as readonly TableSpec[]).find((s) => s.id === id);
}

/**
 * A dimension's HXL hashtag for a step: the time dimension gets the step as attribute.
 *
 * @example dimensionHxl(tableSpec('incidents-by-period')!.dimensions[0]!, 'quarter') // '#date+quarter'
 */
export function dimensionHxl(dimension: DimensionSpec, step: PeriodStep): string {
  return dimension.domain.kind === 'periods' ? `${dimension.hxl}+${step}` : dimension.hxl;
}
