/**
 * The dossier as a PDF: the same sections as the HTML, A4, every font embedded (Noto Sans and
 * Noto Naskh Arabic, subset), Arabic shaped and in visual order, a confidentiality marking and
 * "page N of M" on every page. Deterministic: the creation date is the dossier's generation
 * time, so the same dossier gives the same bytes.
 */
import PDFDocument from 'pdfkit';
import { SUPPORT_SHOWN } from './dossier-types.ts';
import type { CriterionAssessment, DisplayText, Dossier, EvidenceView, RegimeAssessment } from './dossier-types.ts';
import { loadFontFaces } from './pdf/fonts.ts';
import { pdfOutput } from './pdf/pdf-output.ts';
import { BODY, H1, H2, H3, LABEL, PdfWriter, SMALL } from './pdf/pdf-writer.ts';

export interface RenderPdfOptions {
  /** false leaves content streams uncompressed (tests read them) */
  readonly compress?: boolean;
}

const MARGINS = { top: 58, bottom: 52, left: 50, right: 50 };

const STATUS_WORDS: Record<CriterionAssessment['status'], string> = {
  supported: 'Recorded facts bear on it',
  partly_supported: 'Partly: facts missing',
  no_supporting_facts: 'No supporting facts recorded',
};

const texts = (vs: readonly DisplayText[]): string[] => vs.map((x) => x.text);

function identification(w: PdfWriter, d: Dossier): void {
  const id = d.identification;
  w.field('Names', texts(id.names));
  if (id.aliasesByScript.length === 0) w.field('Aliases', []);
  for (const g of id.aliasesByScript) w.field(`Aliases — ${g.label}`, texts(g.values));
  for (const f of id.fields) w.field(f.label, texts(f.values));
}

function regime(w: PdfWriter, r: RegimeAssessment): void {
  w.heading(r.name, H3);
  w.paragraph(r.committee, SMALL);
  if (r.subjectListed.length) w.paragraph(`The subject is already listed under this regime: ${r.subjectListed.join(', ')}.`, LABEL);
  for (const c of r.criteria) {
    w.paragraph(c.title, LABEL, 0, 1);
    w.paragraph(c.summary, BODY, 10, 1);
    w.field('Source', c.sources.map((s) => s.citation), 110, 10);
    w.field('Assessment', [`${STATUS_WORDS[c.status]}. ${c.finding}`], 110, 10);
    if (c.support.length) {
      w.field(
        'Recorded facts',
        [
          ...c.support.slice(0, SUPPORT_SHOWN).map((s) => `${s.caption.text} (${s.schema} ${s.entityId}): ${s.detail}${s.evidenceIds.length ? `; evidence ${s.evidenceIds.join(', ')}` : ''}`),
          ...(c.support.length > SUPPORT_SHOWN ? [`… and ${c.support.length - SUPPORT_SHOWN} more recorded fact(s), listed in section 4.`] : []),
        ],
        110,
        10,
      );
    }
    w.y += 3;
  }
}

function evidence(w: PdfWriter, e: EvidenceView): void {
  w.paragraph(`Evidence item ${e.id}`, LABEL, 0, 1);
  w.field('File name', e.filename ? [e.filename.text] : [], 130, 10);
  w.field('SHA-256', [e.sha256], 130, 10);
  w.field('Size and type', [`${e.size.toLocaleString('en')} bytes, ${e.mime}`], 130, 10);
  w.field('Collected', e.collectedAt ? [e.collectedAt] : [], 130, 10);
  w.field('Description', e.description ? [e.description.text] : [], 130, 10);
  w.field('Intake journal entry', e.intakeSeq === null ? [] : [String(e.intakeSeq)], 130, 10);
  if (e.proof) {
    w.field('Leaf index / tree size', [`${e.proof.leafIndex} of ${e.proof.treeSize}`], 130, 10);
    w.field('Root hash', [e.proof.rootHash], 130, 10);
    w.field('Audit path', e.proof.hashes.length ? e.proof.hashes.map((h, i) => `${i + 1}. ${h}`) : ['empty (single-leaf tree)'], 130, 10);
    w.field('Signed checkpoint', e.proof.checkpoint ? [e.proof.checkpoint] : [], 130, 10);
  }
  if (e.proofNote) w.field('Ledger proof', [e.proofNote], 130, 10);
  w.y += 3;
}

function body(w: PdfWriter, d: Dossier): void {
  w.paragraph(d.marking.toUpperCase(), { ...LABEL, color: '#8b0000' }, 0, 4);
  w.paragraph(`Designation dossier: ${d.subject.caption.text}`, H1, 0, 6);
  w.field('Generated', [d.generatedAt], 110);
  w.field('Requested by', [d.generatedBy], 110);
  w.field('Instance', [d.origin], 110);
  w.field('Verifier key', d.verifierKey ? [d.verifierKey] : [], 110);
  w.field('Case', d.caseName ? [d.caseName] : [], 110);
  w.field('Subject', [`${d.subject.schemaLabel} ${d.subject.id}`], 110);
  w.rule();

  w.heading('1. Identification', H2);
  identification(w, d);

  w.heading('2. Narrative', H2);
  if (d.narrative.generated) w.paragraph('Generated from the recorded facts; no narrative was written for this subject.', SMALL);
  for (const p of d.narrative.paragraphs) w.paragraph(p);

  w.heading('3. Designation criteria assessment', H2);
  w.paragraph('Decision support: for each criterion, the recorded facts that bear on it, or that none are recorded. Whether a criterion is met is for the committee.', SMALL);
  for (const r of d.assessment) regime(w, r);

  w.heading('4. Linked incidents, exploitation and movements', H2);
  for (const g of d.links) {
    w.heading(`${g.title} (${g.items.length})`, H3);
    if (g.items.length === 0) w.paragraph('None recorded.', SMALL);
    for (const item of g.items) {
      w.paragraph(`${item.caption.text} — ${item.schemaLabel} ${item.id}; ${item.role}`, LABEL, 0, 1);
      for (const f of item.fields) w.field(f.label, texts(f.values), 130, 10);
      if (item.listings.length) w.field('Confirmed list entries', item.listings.map((x) => x.entry), 130, 10);
      if (item.evidenceIds.length) w.field('Evidence', [item.evidenceIds.join(', ')], 130, 10);
      w.y += 2;
    }
  }

  w.heading('5. Evidence and ledger proofs', H2);
  w.heading('How to verify', H3);
  d.evidence.howToVerify.forEach((s, i) => w.paragraph(`${i + 1}. ${s}`, BODY, 6));
  if (d.evidence.items.length === 0) w.paragraph('No evidence items attached.', SMALL);
  for (const e of d.evidence.items) evidence(w, e);

  w.heading('6. Existing list entries', H2);
  if (d.listEntries.length === 0) w.paragraph('No screening results recorded for the subject.', SMALL);
  for (const x of d.listEntries) {
    w.paragraph(`${x.list} ${x.entry} — ${x.status.replace(/_/g, ' ')}, score ${x.score.toFixed(2)}`, LABEL, 0, 1);
    w.field('Matched name', [x.matchedName.text], 130, 10);
    if (x.explanation.length) w.field('Explanation', [...x.explanation], 130, 10);
  }

  w.heading('7. Provenance and limitations', H2);
  for (const p of d.provenance.statement) w.paragraph(p);
  w.heading('Limitations', H3);
  for (const p of d.provenance.limitations) w.paragraph(`• ${p}`, BODY, 6);
}

/** the marking on top and "page N of M" at the foot of every page, once the count is known */
function decorate(w: PdfWriter, d: Dossier): void {
  const doc = w.doc;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    w.fixed(d.marking, { ...SMALL, color: '#8b0000' }, { x: MARGINS.left, y: 24, width: w.width });
    w.fixed(`${d.origin} — ${d.generatedAt}`, SMALL, { x: MARGINS.left, y: doc.page.height - 34, width: w.width - 90 });
    w.fixed(`Page ${i + 1} of ${range.count}`, SMALL, { x: MARGINS.left + w.width - 80, y: doc.page.height - 34, width: 80 });
  }
}

/**
 * Renders the dossier as a PDF.
 *
 * @example (await renderDossierPdf(buildDossier(input))).subarray(0, 5).toString() // '%PDF-'
 */
export async function renderDossierPdf(d: Dossier, options: RenderPdfOptions = {}): Promise<Buffer> {
  const faces = loadFontFaces();
  const created = new Date(d.generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    bufferPages: true,
    compress: options.compress ?? true,
    // no default font: pdfkit would otherwise reference Helvetica, a font the PDF does not embed
    font: null as unknown as string,
    lang: 'en',
    displayTitle: true,
    info: {
      Title: d.title,
      Subject: d.marking,
      Creator: 'Ariadne',
      Producer: 'Ariadne (pdfkit)',
      CreationDate: Number.isNaN(created.getTime()) ? new Date(0) : created,
    },
  });
  const done = pdfOutput(doc, faces);
  const w = new PdfWriter(doc, faces, MARGINS);
  body(w, d);
  decorate(w, d);
  doc.end();
  return done;
}
