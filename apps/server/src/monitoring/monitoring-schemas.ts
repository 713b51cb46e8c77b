/** The monitoring API's zod schemas (query filters, answers) and the DTOs the routes answer. */
import { z } from 'zod';
import type { GlotipValue, MonitoringDataset } from '@ariadne/store';
import { EXPLOITATION_FORMS, INCIDENT_CATEGORIES, VERIFICATION_STATUSES, isCensored } from '@ariadne/monitoring/types';
import type { AnalysisFilter } from './analysis-service.ts';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const day = z.string().regex(DAY, 'YYYY-MM-DD');
/** a comma-separated list in a query string, each item checked by `item` */
const list = <T extends z.ZodType>(item: T, max = 500) => z.string().max(20_000)
  .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== ''))
  // the items' own schemas check each string; zod types an enum's input as its literals, hence the cast
  .pipe(z.array(item).max(max) as unknown as z.ZodType<z.output<T>[], string[]>);

export const DATASET_KINDS = ['hxl', 'acled', 'htcds', 'glotip', 'boundaries'] as const;

export const filterQuery = {
  from: day.optional(),
  to: day.optional(),
  countries: list(z.string().regex(/^[A-Za-z]{2}$/, 'ISO 3166-1 alpha-2').transform((s) => s.toUpperCase())).optional(),
  pcodes: list(z.string().min(1).max(100)).optional(),
  categories: list(z.enum(INCIDENT_CATEGORIES)).optional(),
  forms: list(z.enum(EXPLOITATION_FORMS)).optional(),
  groups: list(z.string().min(1).max(300)).optional(),
  verification: list(z.enum(VERIFICATION_STATUSES)).optional(),
};

type FilterQuery = { [K in keyof typeof filterQuery]?: z.output<(typeof filterQuery)[K]> };

/** the query's filters as the analysis service takes them; refuses from after to */
export function analysisFilter(q: FilterQuery): AnalysisFilter {
  return {
    ...(q.from === undefined ? {} : { from: q.from }), ...(q.to === undefined ? {} : { to: q.to }),
    ...(q.countries ? { countries: q.countries } : {}), ...(q.pcodes ? { pcodes: q.pcodes } : {}),
    ...(q.categories ? { categories: q.categories } : {}), ...(q.forms ? { forms: q.forms } : {}),
    ...(q.groups ? { groups: q.groups } : {}), ...(q.verification ? { verification: q.verification } : {}),
  };
}

const fromBeforeTo = (q: { from?: string | undefined; to?: string | undefined }) => q.from === undefined || q.to === undefined || q.from <= q.to;
const periodCheck = { message: 'from must be on or before to', path: ['from'] };

export const importQuery = z.strictObject({
  kind: z.enum(DATASET_KINDS).optional(),
  fileName: z.string().min(1).max(500).optional(),
});

export const datasetParams = z.strictObject({ id: z.string().min(1).max(100) });

export const datasetSchema = z.object({
  id: z.string(), kind: z.enum(DATASET_KINDS), fileName: z.string(), sha256: z.string(), importedAt: z.string(), importedBy: z.string(),
  items: z.number().int(), problems: z.number().int(),
});
const problemSchema = z.object({ record: z.number().int(), message: z.string() });

export const importResultSchema = z.object({ dataset: datasetSchema, problems: z.array(problemSchema), notes: z.array(z.string()) });
export const datasetsSchema = z.object({ datasets: z.array(datasetSchema) });

export function datasetDto(d: MonitoringDataset): z.input<typeof datasetSchema> {
  return { id: d.id, kind: d.kind, fileName: d.fileName, sha256: d.sha256, importedAt: d.importedAt.toISOString(), importedBy: d.importedBy, items: d.items, problems: d.problemCount };
}

const year = z.coerce.number().int().min(1900).max(2100);
export const glotipQuery = z.strictObject({
  country: z.string().regex(/^[A-Za-z]{2,3}$/, 'ISO 3166-1 alpha-2 or alpha-3').optional(),
  indicator: z.string().min(1).max(200).optional(),
  from: year.optional(),
  to: year.optional(),
});
export const glotipSchema = z.object({
  values: z.array(z.object({
    country: z.string(), indicator: z.string(), dimension: z.string(), category: z.string(), sex: z.string(), age: z.string(), year: z.number().int(),
    value: z.number().nullable(), censoredBelow: z.number().nullable(),
  })),
  /** true when more values matched than one answer holds */
  truncated: z.boolean(),
});

/** a GLOTIP value as answered: a censored cell keeps `value: null` and says below what */
export function glotipDto(v: GlotipValue, country: string) {
  return {
    country, indicator: v.indicator, dimension: v.dimension, category: v.category, sex: v.sex, age: v.age, year: v.year,
    value: isCensored(v.value) ? null : v.value, censoredBelow: isCensored(v.value) ? v.value.below : null,
  };
}

export const trendsQuery = z.strictObject({ ...filterQuery, step: z.enum(['month', 'quarter', 'year']).default('month') }).refine(fromBeforeTo, periodCheck);
export const trendsSchema = z.object({
  step: z.string(), k: z.number().int(), total: z.number().int(),
  series: z.array(z.object({ period: z.string(), count: z.number().int(), small: z.boolean() })),
});

export const routesQuery = z.strictObject({
  ...filterQuery, level: z.enum(['country', 'pcode']).default('country'), compareFrom: day.optional(), compareTo: day.optional(),
  top: z.coerce.number().int().min(1).max(100).default(10),
}).refine(fromBeforeTo, periodCheck);
const small = z.boolean();
export const routesSchema = z.object({
  level: z.string(), k: z.number().int(), skipped: z.number().int(),
  flows: z.array(z.object({
    origin: z.string(), transit: z.array(z.string()), destination: z.string(), count: z.number().int(), movements: z.number().int(),
    first: z.string().nullable(), last: z.string().nullable(), small,
  })),
  corridors: z.array(z.object({ origin: z.string(), destination: z.string(), count: z.number().int(), small })),
  changes: z.array(z.object({ origin: z.string(), destination: z.string(), before: z.number().int(), after: z.number().int(), change: z.enum(['new', 'growing', 'shrinking', 'gone', 'stable']) })),
});

export const hotspotsQuery = z.strictObject({
  ...filterQuery, resolution: z.coerce.number().int().min(0).max(15).default(6), step: z.enum(['week', 'month', 'year']).default('month'),
}).refine(fromBeforeTo, periodCheck);
export const hotspotsSchema = z.object({
  resolution: z.number().int(), step: z.string(), steps: z.array(z.string()), skipped: z.number().int(), worker: z.boolean(),
  tests: z.object({ hot: z.string(), category: z.string() }),
  cells: z.array(z.object({
    cell: z.string(), count: z.number().int(), z: z.number(), p: z.number(),
    hot: z.enum(['hot-99', 'hot-95', 'hot-90', 'none', 'cold-90', 'cold-95', 'cold-99']), category: z.string(),
    trendZ: z.number().nullable(), trendP: z.number().nullable(), reason: z.string(), small,
  })),
});
