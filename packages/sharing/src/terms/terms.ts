/**
 * Agreement terms (issue 8): checking them against the model before anyone approves them,
 * hashing them so both parties can prove they hold the same terms (the hash travels in every
 * package's signed manifest), and telling whether they are in force on a day.
 *
 * The checks go beyond shape: every schema named exists and can be instantiated, every property
 * exists on it and can hold values, a schema's required properties are allowed too (otherwise
 * none of its records could travel valid), and only properties whose type can carry a
 * pseudonym are pseudonymised.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AriadneError, type AriadneModel } from '@ariadne/schema';
import { SHARE_PURPOSES, type AgreementTerms } from '../types.ts';
import { PSEUDONYMISABLE_TYPES, UNPSEUDONYMISABLE_FORMATS } from '../reduce/pseudonym.ts';
import { canonicalJson } from '../canonical-json.ts';

export { describeTerms } from './describe.ts';

const MAX_SCHEMATA = 200;
const MAX_PROPERTIES = 200;
const MAX_NAME = 100;

function isCalendarDate(value: string): boolean {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD').refine(isCalendarDate, 'not a calendar date');
const name = z.string().min(1).max(MAX_NAME);
const schemaMap = (minProperties: number) => z.record(name, z.array(name).min(minProperties).max(MAX_PROPERTIES))
  .refine((map) => Object.keys(map).length <= MAX_SCHEMATA, `at most ${MAX_SCHEMATA} schemata`);

const termsSchema = z.object({
  purpose: z.enum(SHARE_PURPOSES),
  legalBasis: z.string().trim().min(3, 'at least 3 characters').max(2000, 'at most 2,000 characters'),
  allowed: schemaMap(1),
  victims: z.enum(['pseudonymise', 'exclude']),
  pseudonymise: schemaMap(0),
  alerts: z.boolean(),
  evidence: z.boolean(),
  retentionDays: z.number().int().min(1).max(3650),
  validFrom: isoDate,
  validUntil: isoDate,
  approvalsRequired: z.number().int().min(1).max(5),
}).strict();

type ParsedTerms = z.infer<typeof termsSchema>;

function fail(details: Record<string, string>): never {
  const first = Object.entries(details)[0] ?? ['terms', 'invalid'];
  throw new AriadneError('VALIDATION_FAILED', `The agreement terms are not valid: ${first[0]}: ${first[1]}.`, { details });
}

/** a schema named in `allowed` or `pseudonymise`: exists and is concrete; its problem, or null */
function schemaProblem(model: AriadneModel, schema: string): string | null {
  if (!model.hasSchema(schema)) return `no schema named ${schema}`;
  if (model.getSchema(schema).abstract) return `${schema} is abstract; name a concrete schema such as Person or Company`;
  return null;
}

function checkAllowed(model: AriadneModel, terms: ParsedTerms, details: Record<string, string>): void {
  for (const [schema, props] of Object.entries(terms.allowed)) {
    const problem = schemaProblem(model, schema);
    if (problem) {
      details[`allowed.${schema}`] = problem;
      continue;
    }
    const seen = new Set<string>();
    props.forEach((propName, i) => {
      const prop = model.property(schema, propName);
      if (!prop) details[`allowed.${schema}.${i}`] = `${schema} has no property ${propName}`;
      else if (prop.stub) details[`allowed.${schema}.${i}`] = `${propName} is the reverse of ${prop.getRange().name}.${prop.getReverse().name}; allow that one`;
      else if (seen.has(propName)) details[`allowed.${schema}.${i}`] = `${propName} is listed twice`;
      seen.add(propName);
    });
    const missing = model.getSchema(schema).required.filter((required) => !seen.has(required));
    if (missing.length > 0 && details[`allowed.${schema}`] === undefined) {
      details[`allowed.${schema}`] = `${schema} requires ${missing.join(', ')}; allow ${missing.length > 1 ? 'them' : 'it'} (pseudonymise ${missing.length > 1 ? 'them' : 'it'} to keep the values home)`;
    }
  }
}

function checkPseudonymise(model: AriadneModel, terms: ParsedTerms, details: Record<string, string>): void {
  for (const [schema, props] of Object.entries(terms.pseudonymise)) {
    const problem = schemaProblem(model, schema);
    if (problem) {
      details[`pseudonymise.${schema}`] = problem;
      continue;
    }
    const allowed = new Set(terms.allowed[schema] ?? []);
    const seen = new Set<string>();
    props.forEach((propName, i) => {
      const path = `pseudonymise.${schema}.${i}`;
      const prop = model.property(schema, propName);
      if (!prop) details[path] = `${schema} has no property ${propName}`;
      else if (seen.has(propName)) details[path] = `${propName} is listed twice`;
      else if (!allowed.has(propName)) details[path] = `${schema}.${propName} is pseudonymised but not allowed; add it to allowed.${schema}`;
      else if (!PSEUDONYMISABLE_TYPES.has(prop.type.name) || model.enumeration(prop) !== null) {
        details[path] = `${schema}.${propName} is of type ${prop.type.name}${model.enumeration(prop) ? ' with a closed list of values' : ''}; only names, strings, identifiers, phones and e-mails can be pseudonymised`;
      } else if (prop.format !== null && UNPSEUDONYMISABLE_FORMATS.has(prop.format)) {
        details[path] = `${schema}.${propName} is a ${prop.format.toUpperCase()}, too short to carry a pseudonym; allow it or leave it out`;
      }
      seen.add(propName);
    });
  }
}

/**
 * Validates agreement terms as received (a form, an API body, a partner's offer) against the
 * model; returns them in canonical form (property lists sorted, legal basis trimmed).
 *
 * @throws AriadneError VALIDATION_FAILED; `details` names each bad path (`allowed.Person.2`, `validUntil`…)
 * @example const terms = checkTerms(await request.json(), loadModel());
 */
export function checkTerms(raw: unknown, model: AriadneModel): AgreementTerms {
  const parsed = termsSchema.safeParse(raw);
  if (!parsed.success) {
    const details: Record<string, string> = {};
    for (const issue of parsed.error.issues.slice(0, 50)) details[issue.path.map(String).join('.') || 'terms'] ??= issue.message;
    fail(details);
  }
  const terms = parsed.data;
  const details: Record<string, string> = {};
  if (terms.validFrom > terms.validUntil) details.validUntil = `ends (${terms.validUntil}) before it starts (${terms.validFrom})`;
  checkAllowed(model, terms, details);
  checkPseudonymise(model, terms, details);
  if (Object.keys(details).length > 0) fail(details);
  return canonicalTerms(terms);
}

const sortedMap = (map: Readonly<Record<string, readonly string[]>>): Record<string, string[]> =>
  Object.fromEntries(Object.keys(map).sort().map((key) => [key, [...(map[key] ?? [])].sort()]));

/** the terms with schemata and property lists in sorted order (what is hashed) */
export function canonicalTerms(terms: AgreementTerms): AgreementTerms {
  return {
    purpose: terms.purpose,
    legalBasis: terms.legalBasis,
    allowed: sortedMap(terms.allowed),
    victims: terms.victims,
    pseudonymise: sortedMap(terms.pseudonymise),
    alerts: terms.alerts,
    evidence: terms.evidence,
    retentionDays: terms.retentionDays,
    validFrom: terms.validFrom,
    validUntil: terms.validUntil,
    approvalsRequired: terms.approvalsRequired,
  };
}


/**
 * SHA-256 (hex) of the terms' canonical JSON: keys sorted at every level, property lists sorted.
 * Both parties compute it; a package whose manifest names another hash is refused.
 *
 * @example termsHash(terms) === agreement.termsSha256
 */
export function termsHash(terms: AgreementTerms): string {
  return createHash('sha256').update(canonicalJson(canonicalTerms(terms)), 'utf8').digest('hex');
}

/**
 * Are the terms in force at `now`? Both dates are inclusive and read as UTC days.
 *
 * @example agreementActiveAt({ …, validFrom: '2026-01-01', validUntil: '2026-12-31' }, new Date('2026-12-31T23:59:59Z')) // true
 */
export function agreementActiveAt(terms: Pick<AgreementTerms, 'validFrom' | 'validUntil'>, now: Date): boolean {
  const today = now.toISOString().slice(0, 10);
  return terms.validFrom <= today && today <= terms.validUntil;
}
