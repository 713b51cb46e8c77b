/**
 * Assembles a designation dossier (resolution 2331 (2016) para 13) from what the server gathered
 * for one subject: identification, narrative, the designation criteria the recorded facts bear
 * on, linked incidents, exploitation and movements, evidence with ledger proofs, existing list
 * entries, provenance. Pure: no clock, no store, no I/O — the same input gives the same dossier.
 *
 * Decision support only: the assessment says which recorded facts bear on a criterion; it never
 * says a criterion is met.
 */
import { loadModel, type AriadneModel } from '@ariadne/schema';
import type { NameScript } from '@ariadne/names';
import { citeSource, designationCriteria, EXPLOITATION_FORMS, regimeOfEntry, type CriterionSpec, type ExploitationForm, type RegimeSpec } from './criteria.ts';
import { displayText, SCRIPT_LABELS, visibleText } from './display-text.ts';
import type {
  AliasGroup, CriterionAssessment, DisplayText, Dossier, DossierEntity, DossierEvidenceInput, DossierField, DossierInput, DossierListing,
  DossierRelation, EvidenceView, Identification, LinkedItem, LinkGroup, LinkKind, ListEntryView, RegimeAssessment, SupportingFact, SupportKind,
} from './dossier-types.ts';

export const MARKING = 'Confidential — for the sanctions committee';

/** identification fields in the order a committee's listing form asks for them */
const IDENTIFICATION_FIELDS: readonly { label: string; props: readonly string[] }[] = [
  { label: 'Previous names', props: ['previousName'] },
  { label: 'Weak aliases (low-quality)', props: ['weakAlias'] },
  { label: 'Dates of birth', props: ['birthDate'] },
  { label: 'Places of birth', props: ['birthPlace'] },
  { label: 'Nationalities', props: ['nationality', 'citizenship'] },
  { label: 'Gender', props: ['gender'] },
  { label: 'Passport numbers', props: ['passportNumber'] },
  { label: 'National identification numbers', props: ['idNumber', 'socialSecurityNumber', 'innCode'] },
  { label: 'Tax numbers', props: ['taxNumber', 'vatCode'] },
  { label: 'Registration numbers', props: ['registrationNumber', 'leiCode', 'imoNumber', 'swiftBic'] },
  { label: 'Phone numbers', props: ['phone'] },
  { label: 'Email addresses', props: ['email'] },
  { label: 'Websites', props: ['website'] },
  { label: 'Addresses', props: ['address'] },
  { label: 'Position or title', props: ['position', 'title'] },
  { label: 'Incorporation date', props: ['incorporationDate'] },
  { label: 'Jurisdiction', props: ['jurisdiction'] },
];
/** shown for every subject, recorded or not: their absence is itself worth a committee's notice */
const ALWAYS_SHOWN = new Set(['Previous names', 'Weak aliases (low-quality)', 'Dates of birth', 'Places of birth', 'Nationalities', 'Gender', 'Passport numbers', 'National identification numbers', 'Addresses']);

/** victims' identities never leave Ariadne in a dossier */
const VICTIM_PROPS = new Set(['victim', 'victims', 'traveller']);
/** which incoming property makes the subject the one who did it */
const PERPETRATOR_PROPS: Readonly<Record<string, readonly string[]>> = {
  Incident: ['perpetrators', 'armedGroup'],
  Exploitation: ['perpetrator', 'armedGroup'],
};
const LINKED_DETAIL_PROPS = ['forms', 'form', 'date', 'startDate', 'endDate', 'country', 'place', 'originCountry', 'transitCountry', 'destinationCountry', 'means', 'verificationStatus', 'sourceReliability', 'summary', 'description'];

const LINK_TITLES: Record<LinkKind, string> = {
  incidents: 'Incidents',
  exploitation: 'Exploitation',
  movements: 'Movements',
  other: 'Other relations',
};

const KIND_NAMES: Record<SupportKind, string> = {
  form: 'a recorded form of exploitation',
  facilitation: 'a facilitated movement',
  listedAssociation: 'a link to a listed group',
  financing: 'a payment to a listed group',
};

interface Labels {
  readonly model: AriadneModel;
  schemaLabel(schema: string): string;
  propLabel(schema: string, prop: string): string;
  /** a value as shown: enumeration and country codes as their names */
  value(schema: string, prop: string, value: string): string;
}

function labels(model: AriadneModel): Labels {
  const codeLists: Record<string, Readonly<Record<string, string>>> = {
    country: model.typeValues('country', 'en'),
    gender: model.typeValues('gender', 'en'),
    language: model.typeValues('language', 'en'),
  };
  const schemaLabel = (schema: string): string => (model.hasSchema(schema) ? model.getSchema(schema).label : schema);
  return {
    model,
    schemaLabel,
    propLabel: (schema, prop) => (model.hasSchema(schema) ? model.property(schema, prop)?.label : undefined) ?? prop,
    value(schema, prop, value) {
      const p = model.hasSchema(schema) ? model.property(schema, prop) : undefined;
      if (!p) return value;
      const enumerated = model.enumeration(p)?.get(value)?.en;
      if (enumerated) return enumerated;
      const list = codeLists[p.type.name];
      if (list) {
        const name = list[value.toLowerCase()];
        // country codes stay beside the name: committees' forms ask for them
        return !name ? value : p.type.name === 'country' ? `${name} (${value})` : name;
      }
      return value;
    },
  };
}

const unique = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];
const valuesOf = (props: Record<string, string[]>, prop: string): string[] => (Array.isArray(props[prop]) ? props[prop].filter((v) => typeof v === 'string' && v.trim() !== '') : []);
const isA = (model: AriadneModel, schema: string, parent: string): boolean => model.hasSchema(schema) && model.isA(schema, parent);

function identification(input: DossierInput, l: Labels): Identification {
  const { properties, schema } = input.subject;
  const names = unique([...valuesOf(properties, 'name'), input.subject.caption].filter((v) => v.trim() !== '')).map(displayText);
  const groups = new Map<NameScript, DisplayText[]>();
  for (const alias of unique(valuesOf(properties, 'alias'))) {
    const shown = displayText(alias);
    const group = groups.get(shown.script) ?? [];
    group.push(shown);
    groups.set(shown.script, group);
  }
  const order: NameScript[] = ['latin', 'arabic', 'cyrillic', 'mixed', 'other'];
  const aliasesByScript: AliasGroup[] = order.filter((s) => groups.has(s)).map((s) => ({ script: s, label: SCRIPT_LABELS[s] ?? s, values: groups.get(s)! }));
  const fields: DossierField[] = [];
  for (const spec of IDENTIFICATION_FIELDS) {
    const values = unique(spec.props.flatMap((p) => valuesOf(properties, p).map((v) => l.value(schema, p, v))));
    if (values.length === 0 && !ALWAYS_SHOWN.has(spec.label)) continue;
    fields.push({ label: spec.label, values: values.map(displayText) });
  }
  return { names, aliasesByScript, fields };
}

function linkKind(model: AriadneModel, schema: string): LinkKind {
  if (isA(model, schema, 'Incident')) return 'incidents';
  if (isA(model, schema, 'Exploitation')) return 'exploitation';
  if (isA(model, schema, 'Movement')) return 'movements';
  return 'other';
}

/** sealed schemata (victim data) other than Exploitation, which is shown without the victim */
function withheld(model: AriadneModel, schema: string): boolean {
  return model.hasSchema(schema) && model.isSealed(schema) && !isA(model, schema, 'Exploitation');
}

function discredited(entity: DossierEntity): boolean {
  return valuesOf(entity.properties, 'verificationStatus').includes('discredited');
}

/** the forms of exploitation a relation attributes to the subject as perpetrator or armed group; null when it does not */
function perpetratedForms(model: AriadneModel, rel: DossierRelation): ExploitationForm[] | null {
  if (rel.direction !== 'incoming') return null;
  for (const [parent, props] of Object.entries(PERPETRATOR_PROPS)) {
    if (isA(model, rel.entity.schema, parent) && props.includes(rel.prop)) {
      const forms = [...valuesOf(rel.entity.properties, 'forms'), ...valuesOf(rel.entity.properties, 'form')];
      return unique(forms.filter((f): f is ExploitationForm => EXPLOITATION_FORMS.includes(f as ExploitationForm)));
    }
  }
  return null;
}

const confirmedListings = (listings: readonly DossierListing[] | undefined): DossierListing[] =>
  Array.isArray(listings) ? listings.filter((x) => x && x.status === 'confirmed' && typeof x.entry === 'string') : [];

function captionOf(entity: DossierEntity, l: Labels): DisplayText {
  return displayText(entity.caption?.trim() ? entity.caption : l.schemaLabel(entity.schema));
}

/** what one relation can support, worked out once (the assessment asks for every criterion of every regime) */
interface RelationFacts {
  readonly rel: DossierRelation;
  readonly caption: DisplayText;
  /** forms with the subject as perpetrator or armed group, with the schema's labels */
  readonly forms: readonly { code: ExploitationForm; label: string }[];
  readonly role: string;
  readonly facilitator: boolean;
  /** confirmed UN references by regime id */
  readonly listedBy: ReadonlyMap<string, string[]>;
  readonly payment: boolean;
  readonly countries: readonly string[];
}

interface Facts {
  /** relations usable as support (not discredited, not withheld) */
  readonly relations: readonly RelationFacts[];
  readonly evidenceByEntity: ReadonlyMap<string, string[]>;
}

const PLACE_COUNTRY_PROPS = ['country', 'originCountry', 'transitCountry', 'destinationCountry'];

function relationFacts(rel: DossierRelation, l: Labels): RelationFacts {
  const model = l.model;
  const schema = rel.entity.schema;
  const formProp = isA(model, schema, 'Exploitation') ? 'form' : 'forms';
  const listedBy = new Map<string, string[]>();
  for (const x of confirmedListings(rel.entity.listings)) {
    const regime = regimeOfEntry(x.entry);
    if (regime) listedBy.set(regime.id, unique([...(listedBy.get(regime.id) ?? []), visibleText(x.entry)]));
  }
  return {
    rel,
    caption: captionOf(rel.entity, l),
    forms: (perpetratedForms(model, rel) ?? []).map((code) => ({ code, label: l.value(schema, formProp, code) })),
    role: l.propLabel(schema, rel.prop).toLowerCase(),
    facilitator: rel.direction === 'incoming' && rel.prop === 'facilitator' && isA(model, schema, 'Movement'),
    listedBy,
    payment: rel.direction === 'incoming' && rel.prop === 'payer' && isA(model, schema, 'Payment'),
    countries: PLACE_COUNTRY_PROPS.flatMap((p) => valuesOf(rel.entity.properties, p)).map((c) => c.toLowerCase()),
  };
}

/** whether a record is about the regime's country: null when it names no country (counted, and said so) */
function inRegimeCountry(f: RelationFacts, regime: RegimeSpec): boolean | null {
  if (regime.countries.length === 0) return true;
  if (f.countries.length === 0) return null;
  return f.countries.some((c) => regime.countries.includes(c));
}

function supportFor(spec: CriterionSpec, regime: RegimeSpec, facts: Facts): SupportingFact[] {
  const out: SupportingFact[] = [];
  const push = (kind: SupportKind, f: RelationFacts, detail: string): void => {
    const { entity } = f.rel;
    out.push({ kind, entityId: entity.id, schema: entity.schema, caption: f.caption, detail, evidenceIds: facts.evidenceByEntity.get(entity.id) ?? [] });
  };
  const wanted = new Set(spec.facts.forms ?? []);
  for (const f of facts.relations) {
    const place = inRegimeCountry(f, regime);
    const where = place === null ? '; country not recorded' : '';
    if (place !== false && wanted.size) {
      const forms = f.forms.filter((x) => wanted.has(x.code));
      if (forms.length) push('form', f, `${forms.map((x) => x.label).join(', ')} (as ${f.role}${where})`);
    }
    if (place !== false && spec.facts.facilitation && f.facilitator) push('facilitation', f, `facilitator of the movement${where}`);
    const listed = f.listedBy.get(regime.id);
    if (!listed) continue;
    if (f.payment && spec.facts.financing) push('financing', f, `payment to a party listed as ${listed.join(', ')}`);
    else if (!f.payment && spec.facts.listedAssociation) push('listedAssociation', f, `${f.role}; listed as ${listed.join(', ')}`);
  }
  return out;
}

function assessCriterion(spec: CriterionSpec, regime: RegimeSpec, facts: Facts): CriterionAssessment {
  const support = supportFor(spec, regime, facts);
  const named: SupportKind[] = [];
  if (spec.facts.forms?.length) named.push('form');
  if (spec.facts.facilitation) named.push('facilitation');
  if (spec.facts.listedAssociation) named.push('listedAssociation');
  if (spec.facts.financing) named.push('financing');
  const found = new Set(support.map((s) => s.kind));
  const missing = spec.requiresAll ? named.filter((k) => !found.has(k)) : [];
  const status = support.length === 0 ? 'no_supporting_facts' : missing.length > 0 ? 'partly_supported' : 'supported';
  const records = unique(support.map((s) => s.entityId)).length;
  const evidence = unique(support.flatMap((s) => s.evidenceIds)).length;
  const finding =
    status === 'no_supporting_facts'
      ? 'No supporting facts recorded.'
      : status === 'partly_supported'
        ? `Only part of what this criterion needs is recorded (${records} record(s)); nothing recorded for ${missing.map((k) => KIND_NAMES[k]).join(' or ')}.`
        : `${records} recorded fact(s)${evidence ? ` with ${evidence} linked evidence item(s)` : ''} bear on this criterion. Whether it is met is for the committee to decide.`;
  return {
    id: spec.id, title: spec.title, summary: spec.summary,
    sources: spec.sources.map((s) => ({ ...s, citation: citeSource(s) })),
    status, finding, support, missing,
  };
}

function assessment(input: DossierInput, facts: Facts): RegimeAssessment[] {
  return designationCriteria().map((regime) => ({
    id: regime.id, name: regime.name, committee: regime.committee,
    subjectListed: unique(input.screening.filter((s) => s.status === 'confirmed' && regimeOfEntry(s.entry)?.id === regime.id).map((s) => s.entry)),
    criteria: regime.criteria.map((c) => assessCriterion(c, regime, facts)),
  }));
}

interface LinkContext {
  readonly input: DossierInput;
  /** captions of the related entities by id, to name the other parties of a record */
  readonly captions: ReadonlyMap<string, string>;
  readonly evidenceByEntity: ReadonlyMap<string, string[]>;
  readonly l: Labels;
}

function linkedItem(rel: DossierRelation, { input, captions, evidenceByEntity, l }: LinkContext): LinkedItem {
  const { entity } = rel;
  const model = l.model;
  const schema = entity.schema;
  const featured = model.hasSchema(schema) ? model.getSchema(schema).featured : [];
  const props = unique([...featured, ...LINKED_DETAIL_PROPS]).filter((p) => valuesOf(entity.properties, p).length > 0);
  const fields: DossierField[] = props.map((p) => {
    const values = valuesOf(entity.properties, p);
    const prop = model.hasSchema(schema) ? model.property(schema, p) : undefined;
    if (VICTIM_PROPS.has(p)) {
      const others = values.filter((id) => id !== input.subject.id).length;
      const shownValues = values.length > others ? [`${input.subject.caption} (the subject)`] : [];
      if (others) shownValues.push(`${others} other person(s) recorded (identity withheld)`);
      return { label: l.propLabel(schema, p), values: shownValues.map(displayText) };
    }
    if (prop?.type.name === 'entity') {
      return { label: l.propLabel(schema, p), values: values.map((id) => displayText(id === input.subject.id ? `${input.subject.caption} (the subject)` : (captions.get(id) ?? id))) };
    }
    return { label: l.propLabel(schema, p), values: values.map((v) => displayText(l.value(schema, p, v))) };
  });
  const role = rel.direction === 'incoming' ? l.propLabel(schema, rel.prop) : l.propLabel(input.subject.schema, rel.prop);
  return {
    id: entity.id, schema, schemaLabel: l.schemaLabel(schema), caption: captionOf(entity, l), role, fields,
    listings: confirmedListings(entity.listings), evidenceIds: evidenceByEntity.get(entity.id) ?? [],
  };
}

const HEX64 = /^[0-9a-f]{64}$/;

/** a proof as given, or why it cannot be relied on */
function checkedProof(item: DossierEvidenceInput): Pick<EvidenceView, 'proof' | 'proofNote'> {
  const p = item.proof;
  if (!p) return { proof: null, proofNote: 'No ledger proof supplied: no signed checkpoint covers the intake entry yet.' };
  const ok =
    Number.isSafeInteger(p.treeSize) && Number.isSafeInteger(p.leafIndex) && p.leafIndex >= 0 && p.leafIndex < p.treeSize &&
    typeof p.rootHash === 'string' && HEX64.test(p.rootHash) && Array.isArray(p.hashes) && p.hashes.length <= 128 && p.hashes.every((h) => typeof h === 'string' && HEX64.test(h));
  if (!ok) return { proof: null, proofNote: 'The supplied ledger proof is malformed and is not reproduced.' };
  const proof = { treeSize: p.treeSize, leafIndex: p.leafIndex, rootHash: p.rootHash, hashes: [...p.hashes], checkpoint: typeof p.checkpoint === 'string' ? visibleText(p.checkpoint) : null };
  if (proof.checkpoint) {
    const [, size, root] = proof.checkpoint.split('\n');
    const rootHex = root && /^[A-Za-z0-9+/]{43}=$/.test(root) ? Buffer.from(root, 'base64').toString('hex') : null;
    if (size !== String(p.treeSize) || rootHex !== p.rootHash) {
      return { proof, proofNote: 'Warning: the checkpoint does not state this tree size and root; the proof cannot be checked against it.' };
    }
  }
  return { proof, proofNote: proof.checkpoint ? null : 'No signed checkpoint supplied: the root cannot be checked against a signature.' };
}

function evidenceView(item: DossierEvidenceInput): EvidenceView {
  return {
    id: item.id,
    filename: item.filename ? displayText(item.filename) : null,
    sha256: String(item.sha256),
    size: item.size,
    mime: String(item.mime),
    collectedAt: item.collectedAt,
    description: item.description ? displayText(item.description) : null,
    intakeSeq: item.intakeSeq,
    ...checkedProof(item),
  };
}

function howToVerify(input: DossierInput): string[] {
  const key = input.instance.verifierKey;
  return [
    `Obtain the verifier key of the Ariadne instance "${visibleText(input.instance.origin)}" through a channel independent of this document${key ? ` and compare it with the key printed here: ${visibleText(key)}` : ''}.`,
    'Save the checkpoint text of an item to checkpoint.txt and check its signature: npx ariadne ledger verify --checkpoint checkpoint.txt --key <verifier key>.',
    'Ask the instance for the intake entry (npx ariadne ledger prove --seq <intake sequence>) and check that it is in the signed tree: npx ariadne ledger verify --checkpoint checkpoint.txt --key <verifier key> --proof entry.json --entry entry.json.',
    'Without Ariadne (RFC 9162, section 2.1.3.2): hash the entry as SHA-256(0x00 + entry), fold in the audit path hashes with SHA-256(0x01 + left + right) following the leaf index and tree size, and compare the result with the root hash above and in the checkpoint.',
    'Check a file you hold against the item\'s SHA-256 (for example sha256sum FILE).',
  ];
}

function narrative(input: DossierInput, facts: Facts, groups: readonly LinkGroup[], l: Labels): { paragraphs: string[]; generated: boolean } {
  if (typeof input.narrative === 'string' && input.narrative.trim()) {
    return { paragraphs: input.narrative.split(/\n\s*\n/).map((p) => visibleText(p.trim())).filter(Boolean), generated: false };
  }
  const s = input.subject;
  const count = (kind: LinkKind): number => groups.find((g) => g.kind === kind)?.items.length ?? 0;
  const formCounts = new Map<string, number>();
  for (const f of facts.relations) {
    for (const { label } of f.forms) formCounts.set(label, (formCounts.get(label) ?? 0) + 1);
  }
  const nationalities = unique(['nationality', 'citizenship'].flatMap((p) => valuesOf(s.properties, p).map((v) => l.value(s.schema, p, v))));
  const first = `${visibleText(s.caption || s.id)} is recorded in Ariadne as a ${l.schemaLabel(s.schema).toLowerCase()}${s.caseName ? ` in the case "${visibleText(s.caseName)}"` : ''}.${nationalities.length ? ` Recorded nationalities: ${nationalities.map(visibleText).join(', ')}.` : ''}`;
  const forms = [...formCounts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([f, n]) => `${f.toLowerCase()} (${n})`);
  const second =
    `The records link the subject to ${count('incidents')} incident(s), ${count('exploitation')} exploitation record(s), ${count('movements')} movement(s) and ${count('other')} other relation(s); ${input.evidence.length} evidence item(s) are attached.` +
    (forms.length ? ` Forms of exploitation recorded with the subject as perpetrator or armed group: ${forms.join(', ')}.` : ' No form of exploitation is recorded with the subject as perpetrator or armed group.');
  const confirmed = unique(input.screening.filter((x) => x.status === 'confirmed').map((x) => visibleText(x.entry)));
  const third = confirmed.length ? `Confirmed existing list entries: ${confirmed.join(', ')}.` : 'No existing list entry has been confirmed for the subject.';
  return { paragraphs: [first, second, third, 'This summary was generated from the recorded facts; it states no finding.'], generated: true };
}

function provenance(input: DossierInput, omitted: number, discreditedCount: number): { statement: string[]; limitations: string[] } {
  const statement = [
    `Assembled by the Ariadne instance "${visibleText(input.instance.origin)}" on ${visibleText(input.generatedAt)} at the request of ${visibleText(input.generatedBy)}${input.subject.caseName ? `, from the records of the case "${visibleText(input.subject.caseName)}"` : ''}.`,
    'Every fact shown is a statement recorded in Ariadne with its source; the journal records who recorded it and when, and each journal entry is a leaf of a Merkle log whose signed checkpoints let anyone holding one detect a rewrite.',
    'Evidence items are identified by the SHA-256 of their content; their intake is proven against a signed checkpoint (see "How to verify").',
  ];
  const limitations = [
    'Decision support, not a finding: the assessment lists the recorded facts that bear on each criterion; whether a criterion is met is for the committee.',
    'Criteria are summaries. Sources marked "summary, verify against the resolution" cite the resolution without a checked paragraph and must be checked against its text.',
    'Screening results are matches of names and details, not findings of identity; only entries an analyst has confirmed count as listings.',
    'A link to a listed group is recognised only through a confirmed UN list reference (such as QDe.115) on the related record.',
    'Victims\' identities and other sealed victim data are withheld.' + (omitted ? ` ${omitted} sealed record(s) were omitted.` : ''),
    'Incidents marked discredited are shown but never counted as support.' + (discreditedCount ? ` ${discreditedCount} such record(s).` : ''),
    'Values longer than 4,000 characters are cut; hidden control characters (such as bidirectional overrides) are shown as [U+XXXX].',
    'Ariadne holds what its users recorded: a fact missing from this dossier is not evidence that it did not happen.',
  ];
  return { statement, limitations };
}

/**
 * Assembles the dossier.
 *
 * @example
 * ```ts
 * const d = buildDossier(input);
 * d.identification.aliasesByScript; // [{ script: 'latin', … }, { script: 'arabic', label: 'Arabic script', … }]
 * d.assessment[0].criteria[0].finding; // 'No supporting facts recorded.' or which records bear on it
 * renderDossierHtml(d); await renderDossierPdf(d);
 * ```
 */
export function buildDossier(input: DossierInput): Dossier {
  const model = loadModel();
  const l = labels(model);
  const relations = Array.isArray(input.relations) ? input.relations.filter((r) => r && r.entity && typeof r.entity.id === 'string' && typeof r.entity.schema === 'string') : [];
  const evidence = Array.isArray(input.evidence) ? input.evidence : [];
  const evidenceByEntity = new Map<string, string[]>();
  for (const item of evidence) {
    for (const id of Array.isArray(item.entityIds) ? item.entityIds : []) {
      const list = evidenceByEntity.get(id) ?? [];
      list.push(item.id);
      evidenceByEntity.set(id, list);
    }
  }
  const shown = relations.filter((r) => !withheld(model, r.entity.schema));
  const omitted = relations.length - shown.length;
  const facts: Facts = { relations: shown.filter((r) => !discredited(r.entity)).map((r) => relationFacts(r, l)), evidenceByEntity };
  const captions = new Map(relations.map((r) => [r.entity.id, visibleText(r.entity.caption || r.entity.id)]));

  const byKind = new Map<LinkKind, LinkedItem[]>(Object.keys(LINK_TITLES).map((k) => [k as LinkKind, []]));
  const context: LinkContext = { input, captions, evidenceByEntity, l };
  for (const rel of shown) byKind.get(linkKind(model, rel.entity.schema))!.push(linkedItem(rel, context));
  const links: LinkGroup[] = [...byKind].map(([kind, items]) => ({ kind, title: LINK_TITLES[kind], items }));

  const listEntries: ListEntryView[] = (Array.isArray(input.screening) ? input.screening : [])
    .map((s) => ({ list: visibleText(String(s.list)), entry: visibleText(String(s.entry)), status: String(s.status), score: Number(s.score), matchedName: displayText(String(s.matchedName)), explanation: (Array.isArray(s.explanation) ? (s.explanation as unknown[]) : []).map((e) => visibleText(String(e))) }))
    .sort((a, b) => Number(b.status === 'confirmed') - Number(a.status === 'confirmed') || b.score - a.score);

  const s = input.subject;
  return {
    title: `Designation dossier: ${visibleText(s.caption || s.id)}`,
    marking: MARKING,
    generatedAt: visibleText(input.generatedAt),
    generatedBy: visibleText(input.generatedBy),
    origin: visibleText(input.instance.origin),
    verifierKey: input.instance.verifierKey ? visibleText(input.instance.verifierKey) : null,
    caseName: s.caseName ? visibleText(s.caseName) : null,
    subject: { id: s.id, schema: s.schema, schemaLabel: l.schemaLabel(s.schema), caption: displayText(s.caption || s.id) },
    identification: identification(input, l),
    narrative: narrative(input, facts, links, l),
    assessment: assessment({ ...input, screening: input.screening ?? [] }, facts),
    links,
    evidence: { items: evidence.map(evidenceView), howToVerify: howToVerify(input) },
    listEntries,
    provenance: provenance(input, omitted, shown.filter((r) => discredited(r.entity)).length),
  };
}
