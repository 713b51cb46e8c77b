/**
 * Designation criteria by sanctions regime, read from `criteria/designation-criteria.json` (data:
 * a reviewer corrects a citation there, not in code). Checked once when first read, so a broken
 * edit fails the tests rather than a committee's dossier.
 */
import data from './criteria/designation-criteria.json' with { type: 'json' };

export type ExploitationForm =
  | 'sexual_exploitation' | 'forced_labour' | 'slavery' | 'practices_similar_to_slavery' | 'servitude'
  | 'removal_of_organs' | 'forced_marriage' | 'child_recruitment' | 'sale_of_persons';

/** the forms of `Incident.forms` and `Exploitation.form` in packages/schema/schemata */
export const EXPLOITATION_FORMS: readonly ExploitationForm[] = [
  'sexual_exploitation', 'forced_labour', 'slavery', 'practices_similar_to_slavery', 'servitude',
  'removal_of_organs', 'forced_marriage', 'child_recruitment', 'sale_of_persons',
];

export interface CriterionSourceSpec {
  readonly resolution: string;
  readonly paragraph: string | null;
  readonly verified: boolean;
  readonly note: string | null;
}

export interface CriterionFacts {
  readonly forms?: readonly ExploitationForm[];
  readonly facilitation?: boolean;
  readonly listedAssociation?: boolean;
  readonly financing?: boolean;
}

export interface CriterionSpec {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly sources: readonly CriterionSourceSpec[];
  readonly facts: CriterionFacts;
  /** true: supported only when every kind of fact named is recorded (e.g. funds *and* exploitation) */
  readonly requiresAll: boolean;
}

export interface RegimeSpec {
  readonly id: string;
  readonly name: string;
  readonly committee: string;
  /** the UN list's reference prefixes of the regime (`QDi`, `QDe`…): how a listing is tied to it */
  readonly referencePrefixes: readonly string[];
  /** ISO country codes the regime's criteria are about (acts "in Libya"); empty for a worldwide regime */
  readonly countries: readonly string[];
  readonly criteria: readonly CriterionSpec[];
}

function fail(where: string, why: string): never {
  throw new Error(`designation-criteria.json: ${where}: ${why}`);
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Checks the criteria data: every regime and criterion has an id, title and at least one source;
 * a paragraph is only given for a verified source; forms are the schema's forms.
 *
 * @example checkCriteria(JSON.parse(text)) // RegimeSpec[] or throws naming the bad entry
 */
export function checkCriteria(raw: unknown): RegimeSpec[] {
  const regimes = (raw as { regimes?: unknown })?.regimes;
  if (!Array.isArray(regimes) || regimes.length === 0) fail('root', 'no "regimes" list');
  const ids = new Set<string>();
  return regimes.map((r: Record<string, unknown>, i) => {
    const where = `regime ${i}`;
    if (!isText(r.id) || !isText(r.name) || !isText(r.committee)) fail(where, 'needs id, name and committee');
    if (!Array.isArray(r.referencePrefixes) || !r.referencePrefixes.every((p) => /^[A-Z]{2}[ie]$/.test(String(p)))) {
      fail(r.id, 'referencePrefixes must be UN reference prefixes such as "QDi"');
    }
    if (!Array.isArray(r.countries) || !r.countries.every((c) => /^[a-z]{2}$/.test(String(c)))) fail(r.id, 'countries must be a list of ISO codes such as "ly"');
    if (!Array.isArray(r.criteria) || r.criteria.length === 0) fail(r.id, 'no criteria');
    const criteria = r.criteria.map((c: Record<string, unknown>): CriterionSpec => {
      if (!isText(c.id) || !isText(c.title) || !isText(c.summary)) fail(r.id as string, 'a criterion needs id, title and summary');
      if (ids.has(c.id)) fail(c.id, 'duplicate id');
      ids.add(c.id);
      if (!Array.isArray(c.sources) || c.sources.length === 0) fail(c.id, 'no sources');
      const sources = c.sources.map((s: Record<string, unknown>): CriterionSourceSpec => {
        if (!isText(s.resolution) || !/^\d{3,4} \(\d{4}\)$/.test(s.resolution)) fail(c.id as string, 'a source needs a resolution such as "2331 (2016)"');
        if (typeof s.verified !== 'boolean') fail(c.id as string, 'a source says whether it was verified');
        if (s.paragraph !== null && (!isText(s.paragraph) || !s.verified)) fail(c.id as string, 'a paragraph is cited only when verified');
        if (!s.verified && !isText(s.note)) fail(c.id as string, 'an unverified source carries a note');
        return { resolution: s.resolution, paragraph: (s.paragraph as string | null) ?? null, verified: s.verified, note: (s.note as string | null) ?? null };
      });
      const facts = (c.facts ?? {}) as Record<string, unknown>;
      const forms = facts.forms === undefined ? undefined : facts.forms;
      if (forms !== undefined && (!Array.isArray(forms) || !forms.every((f) => EXPLOITATION_FORMS.includes(f as ExploitationForm)))) {
        fail(c.id, 'unknown form of exploitation');
      }
      for (const k of ['facilitation', 'listedAssociation', 'financing']) {
        if (facts[k] !== undefined && typeof facts[k] !== 'boolean') fail(c.id, `facts.${k} must be true or false`);
      }
      const spec: CriterionFacts = {
        forms: forms as ExploitationForm[] | undefined,
        facilitation: facts.facilitation as boolean | undefined,
        listedAssociation: facts.listedAssociation as boolean | undefined,
        financing: facts.financing as boolean | undefined,
      };
      if (!spec.forms?.length && !spec.facilitation && !spec.listedAssociation && !spec.financing) fail(c.id, 'names no supporting facts');
      return { id: c.id, title: c.title, summary: c.summary, sources, facts: spec, requiresAll: c.requiresAll === true };
    });
    return { id: r.id, name: r.name, committee: r.committee, referencePrefixes: r.referencePrefixes as string[], countries: r.countries as string[], criteria };
  });
}

let cached: RegimeSpec[] | null = null;

/** The regimes and their criteria, as shipped. */
export function designationCriteria(): readonly RegimeSpec[] {
  cached ??= checkCriteria(data);
  return cached;
}

/**
 * How a source is cited in the dossier.
 *
 * @example citeSource({ resolution: '2331 (2016)', paragraph: '13', verified: true, note: null }) // 'resolution 2331 (2016), paragraph 13'
 */
export function citeSource(s: CriterionSourceSpec): string {
  const base = `resolution ${s.resolution}`;
  if (s.paragraph) return /^\d/.test(s.paragraph) ? `${base}, paragraph ${s.paragraph}` : `${base}, ${s.paragraph}`;
  return s.note ? `${base} (${s.note})` : base;
}

/** the regime a list reference belongs to (`QDi.001` → the ISIL/Al-Qaida regime), or null */
export function regimeOfEntry(entry: string, regimes: readonly RegimeSpec[] = designationCriteria()): RegimeSpec | null {
  const prefix = /^([A-Z]{2}[ie])\.\d+/.exec(entry.trim())?.[1];
  if (!prefix) return null;
  return regimes.find((r) => r.referencePrefixes.includes(prefix)) ?? null;
}
