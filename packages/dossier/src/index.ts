/**
 * @module @ariadne/dossier
 * Designation dossiers for UN sanctions committees (resolution 2331 (2016), para 13): for one
 * subject, what a committee needs — identification with aliases in every script, the narrative,
 * the designation criteria the recorded facts bear on, linked incidents and evidence with their
 * ledger proofs, existing list entries — as one HTML document and one PDF. Pure: the server
 * gathers the data and passes it in.
 *
 * @example
 * ```ts
 * import { buildDossier, renderDossierHtml, renderDossierPdf } from '@ariadne/dossier';
 * const dossier = buildDossier(input);
 * const html = renderDossierHtml(dossier);
 * const pdf = await renderDossierPdf(dossier); // Buffer starting with %PDF-
 * ```
 */
export { buildDossier, MARKING } from './dossier-model.ts';
export { renderDossierHtml } from './render-html.ts';
export { renderDossierPdf } from './render-pdf.ts';
export { checkCriteria, citeSource, designationCriteria, regimeOfEntry, EXPLOITATION_FORMS } from './criteria.ts';
export type { CriterionFacts, CriterionSourceSpec, CriterionSpec, ExploitationForm, RegimeSpec } from './criteria.ts';
export { displayText, visibleText, MAX_VALUE_CHARS } from './display-text.ts';
export type * from './dossier-types.ts';
export { SUPPORT_SHOWN } from './dossier-types.ts';
// The PDF layer (embedded Noto fonts, Arabic shaping and bidi, wrapping across pages), shared with
// @ariadne/monitoring's reports so there is one PDF text layer in Ariadne, not two.
export { PdfWriter, BODY, SMALL, LABEL, H1, H2, H3 } from './pdf/pdf-writer.ts';
export type { TextStyle } from './pdf/pdf-writer.ts';
export { loadFontFaces } from './pdf/fonts.ts';
export { pdfOutput } from './pdf/pdf-output.ts';
export type { FontFace } from './pdf/fonts.ts';
