/**
 * Gathers what a designation dossier shows about one subject, deciding at each step what may
 * leave: sealed records (victims) never do, not even as a name (an entity reference to one reads
 * "[sealed record withheld]"); evidence only when its consent allows the sanctions purpose for the
 * recipient, and then only its hashes and ledger proof, never its content.
 */
import { consentAllows, type LedgerAccess } from '@ariadne/evidence';
import { buildDossier, renderDossierHtml, renderDossierPdf, type DossierInput } from '@ariadne/dossier';
import { AriadneError } from '@ariadne/schema';
import { contentHash, SCREENED_SCHEMATA, type Actor, type EntityRecord, type EvidenceItemRecord, type ScreeningAlert, type Store } from '@ariadne/store';

/** what assembling a dossier reads: the store, and the ledger for signed checkpoints and proofs */
export interface DossierDeps {
  readonly store: Pick<Store, 'getEntity' | 'relations' | 'listEvidence'>;
  readonly ledger: Pick<LedgerAccess, 'origin' | 'verifierKey' | 'checkpointCovering' | 'inclusionProof'>;
  readonly now: () => Date;
}

const WITHHELD = '[sealed record withheld]';
/** most relations and evidence items a dossier lists */
const MAX_RELATIONS = 2_000;
const MAX_EVIDENCE = 500;
const ID_LIKE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

type Props = Record<string, string[]>;

/** entity references become captions; references to sealed records are withheld */
async function readableProperties(ctx: DossierDeps, properties: EntityRecord['properties'], seen: Map<string, string | null>): Promise<Props> {
  const out: Props = {};
  for (const [prop, values] of Object.entries(properties)) {
    const shown: string[] = [];
    for (const value of values) {
      if (ID_LIKE.test(value) && !seen.has(value) && seen.size < 5_000) {
        const target = await ctx.store.getEntity(value);
        seen.set(value, target ? (target.sealed ? WITHHELD : target.caption) : null);
      }
      shown.push(seen.get(value) ?? value);
    }
    out[prop] = shown;
  }
  return out;
}

async function evidenceOf(ctx: DossierDeps, subject: EntityRecord, relatedIds: ReadonlySet<string>, recipient: string): Promise<EvidenceItemRecord[]> {
  if (subject.caseId === null) return [];
  const out: EvidenceItemRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await ctx.store.listEvidence({ caseId: subject.caseId, includeSealed: false }, { limit: 200, cursor });
    for (const item of page.items) {
      if (item.entityIds.some((id) => id === subject.id || relatedIds.has(id)) && consentAllows(item, 'sanctions', recipient)) out.push(item);
    }
    cursor = page.next;
  } while (cursor && out.length < MAX_EVIDENCE);
  return out.slice(0, MAX_EVIDENCE);
}

async function proofOf(ctx: DossierDeps, item: EvidenceItemRecord): Promise<DossierInput['evidence'][number]['proof']> {
  try {
    const checkpoint = await ctx.ledger.checkpointCovering(item.intakeSeq);
    const { proof } = await ctx.ledger.inclusionProof(item.intakeSeq, checkpoint.size);
    return { treeSize: checkpoint.size, leafIndex: item.intakeSeq - 1, rootHash: checkpoint.root, hashes: [...proof], checkpoint: checkpoint.note };
  } catch {
    // without a log key nothing is signed: the dossier says the proof is not available
    return null;
  }
}

/** @example const input = await dossierInput({ store, ledger, now: () => new Date() }, { subject, … }) */
export async function dossierInput(ctx: DossierDeps, input: { subject: EntityRecord; caseName: string | null; generatedBy: string; recipient: string; narrative: string | null; alerts: readonly ScreeningAlert[] }): Promise<DossierInput> {
  const { subject } = input;
  const seen = new Map<string, string | null>();
  const relations: DossierInput['relations'][number][] = [];
  const relatedIds = new Set<string>();
  for (const r of (await ctx.store.relations(subject.id)).slice(0, MAX_RELATIONS)) {
    if (r.entity.sealed) continue;
    relatedIds.add(r.entity.id);
    relations.push({
      prop: r.prop, direction: r.direction,
      entity: { id: r.entity.id, schema: r.entity.schema, caption: r.entity.caption, properties: await readableProperties(ctx, r.entity.properties, seen) },
    });
  }
  const evidence: DossierInput['evidence'][number][] = [];
  for (const item of await evidenceOf(ctx, subject, relatedIds, input.recipient)) {
    evidence.push({
      id: item.id, filename: item.filename, sha256: item.sha256, size: item.size, mime: item.mime,
      collectedAt: item.collectedAt?.toISOString() ?? null, description: item.description, intakeSeq: item.intakeSeq,
      proof: await proofOf(ctx, item),
    });
  }
  return {
    generatedAt: ctx.now().toISOString(), generatedBy: input.generatedBy,
    instance: { origin: ctx.ledger.origin, verifierKey: ctx.ledger.verifierKey || null },
    subject: { id: subject.id, schema: subject.schema, caption: subject.caption, caseName: input.caseName, properties: await readableProperties(ctx, subject.properties, seen) },
    relations, evidence,
    screening: input.alerts.filter((a) => a.status !== 'false_positive').map((a) => ({
      list: a.list, entry: a.entry, status: a.status, score: a.score, matchedName: a.matchedName, explanation: [...a.explanation],
    })),
    narrative: input.narrative,
  };
}

export interface DossierExportDeps extends DossierDeps {
  readonly store: DossierDeps['store'] & Pick<Store, 'getCase' | 'listAlerts' | 'appendJournal'>;
}

/**
 * The whole export, as the server and the CLI both do it: only persons and organisations (never a
 * sealed record), the subject's own summary as narrative (free text never travels in a request
 * line), the document rendered, and the export journalled (`dossier.export`) with the content
 * hash of what was assembled.
 *
 * @example const html = await exportDossier(deps, actor, { subject, format: 'html', recipient, generatedBy: 'A. Analyst' })
 */
export async function exportDossier(
  deps: DossierExportDeps, actor: Actor,
  request: { subject: EntityRecord; format: 'html' | 'pdf'; recipient: string; generatedBy: string },
): Promise<Buffer> {
  const { subject, format, recipient } = request;
  if (subject.sealed || !SCREENED_SCHEMATA.includes(subject.schema)) throw new AriadneError('VALIDATION_FAILED', 'A dossier is assembled for a person or an organisation.');
  const caseRecord = subject.caseId ? await deps.store.getCase(subject.caseId) : null;
  const alerts = await deps.store.listAlerts({ caseIds: [subject.caseId], subjectId: subject.id }, { limit: 100 });
  const input = await dossierInput(deps, {
    subject, caseName: caseRecord?.name ?? null, generatedBy: request.generatedBy, recipient,
    narrative: subject.properties.summary?.[0] ?? subject.properties.description?.[0] ?? null, alerts: alerts.items,
  });
  const dossier = buildDossier(input);
  const bytes = format === 'pdf' ? await renderDossierPdf(dossier) : Buffer.from(renderDossierHtml(dossier), 'utf8');
  await deps.store.appendJournal(actor, { action: 'dossier.export', caseId: subject.caseId, entityId: subject.id, contentHash: contentHash({ format, recipient, input }) });
  return bytes;
}

