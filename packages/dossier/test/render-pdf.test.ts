import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDossier, renderDossierPdf } from '../src/index.ts';
import { loadFontFaces, woffToSfnt } from '../src/pdf/fonts.ts';
import { analyseText, visualRuns } from '../src/pdf/text-layout.ts';
import { inspectPdf, pdfLines } from './pdf-inspect.ts';
import { ARABIC_NAME, CYRILLIC_NAME, syntheticInput } from './synthetic-input.ts';

const render = async (input = syntheticInput()) => renderDossierPdf(buildDossier(input), { compress: false });

test('a PDF with every font embedded, no standard font, and "page N of M" on every page', async () => {
  const pdf = await render();
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  assert.ok(pdf.subarray(-6).toString().includes('%%EOF'));
  const doc = inspectPdf(pdf);
  assert.ok(doc.pageCount >= 3, `${doc.pageCount} pages`);
  assert.ok(doc.fonts.length >= 3);
  for (const f of doc.fonts) assert.ok(f.embedded && f.subtype === 'Type0', `${f.baseFont} embedded`);
  assert.ok(doc.fonts.some((f) => /NotoNaskhArabic/.test(f.baseFont)));
  assert.doesNotMatch(pdf.toString('latin1'), /\/BaseFont \/(Helvetica|Times|Courier)/);
  const lines = pdfLines(doc);
  for (let n = 1; n <= doc.pageCount; n++) assert.ok(lines.some((l) => l.endsWith(`Page ${n} of ${doc.pageCount}`)), `page ${n}`);
  assert.equal(lines.filter((l) => l === 'Confidential — for the sanctions committee').length, doc.pageCount);
});

test('the sections and facts of the dossier are in the text', async () => {
  const text = pdfLines(inspectPdf(await render())).join('\n');
  for (const heading of ['1. Identification', '2. Narrative', '3. Designation criteria assessment', '4. Linked incidents, exploitation and movements', '5. Evidence and ledger proofs', '6. Existing list entries', '7. Provenance and limitations']) {
    assert.ok(text.includes(heading), heading);
  }
  assert.ok(text.includes('No supporting facts recorded.'));
  assert.ok(text.includes('resolution 2331 (2016), paragraph 13'));
  assert.ok(text.includes('cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd'), 'the audit path');
  assert.ok(text.includes(CYRILLIC_NAME));
});

test('an Arabic name is drawn right to left: its glyphs, read in painting order, are the name reversed', async () => {
  const lines = pdfLines(inspectPdf(await render()));
  const reversed = [...ARABIC_NAME].reverse().join('');
  assert.ok(lines.some((l) => l.includes(reversed)), 'visual order');
  assert.ok(!lines.some((l) => l.includes(ARABIC_NAME)), 'never in logical order, which would read backwards');
});

test('Arabic letters are shaped: one letter is drawn with different glyphs in different positions', async () => {
  const doc = inspectPdf(await render());
  const arabic = doc.fonts.find((f) => /NotoNaskhArabic/.test(f.baseFont))!;
  // alef stands alone at the start of الاختبار and joins ب at its end: two glyphs, one letter
  const alefGlyphs = [...arabic.toUnicode].filter(([, chars]) => chars === 'ا').map(([g]) => g);
  assert.ok(alefGlyphs.length >= 2, `alef drawn with glyphs ${alefGlyphs.join(', ')}`);
});

test('the same dossier gives the same bytes', async () => {
  const d = buildDossier(syntheticInput());
  assert.ok((await renderDossierPdf(d)).equals(await renderDossierPdf(d)));
});

test('hostile values render as inert visible text', async () => {
  const base = syntheticInput({ narrative: 'Synthetic \u202Eesrever\u202C <script>alert(1)</script>\t\u0000 end' });
  const input = { ...base, subject: { ...base.subject, properties: { ...base.subject.properties, alias: ['A'.repeat(200_000), '\uD800 lone surrogate'] } } };
  const text = pdfLines(inspectPdf(await render(input))).join('\n');
  assert.ok(text.includes('… [cut: 200,000 characters]'), 'a huge value is cut and wrapped between characters');
  assert.ok(text.includes('\uFFFD lone surrogate'));
  assert.ok(text.includes('Synthetic [U+202E]esrever[U+202C] <script>alert(1)</script>'));
  assert.ok(text.includes('[U+0000] end'));
});

test('bidi layout: runs in visual order, brackets mirrored, Latin and digits left to right', () => {
  const faces = loadFontFaces();
  const runs = (s: string) => visualRuns(analyseText(s, faces), 0, s.length).map((r) => [r.text, r.subset, r.rtl]);
  assert.deepEqual(runs('Name: عبد الاختبار'), [['Name: ', 'latin', false], ['الاختبار', 'arabic', true], [' ', 'arabic', true], ['عبد', 'arabic', true]]);
  // painted left to right: the closing bracket comes first, mirrored so that it looks like an opening one
  assert.deepEqual(runs('عبد (٢٠١٦)'), [['(', 'latin', true], ['٢٠١٦', 'arabic', false], [')', 'latin', true], [' ', 'arabic', true], ['عبد', 'arabic', true]]);
  assert.deepEqual(runs('Тест ā'), [['Тест ', 'cyrillic', false], ['ā', 'latin-ext', false]]);
});

test('WOFF fonts unpack to TrueType, and anything else is refused', () => {
  const face = loadFontFaces().find((f) => f.key === 'arabic-400')!;
  assert.equal(face.data.readUInt32BE(0), 0x00010000);
  assert.throws(() => woffToSfnt(Buffer.from('not a font at all, certainly not one of 44 bytes')), /not a WOFF/);
});
