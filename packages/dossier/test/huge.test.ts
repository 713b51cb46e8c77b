import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDossier, renderDossierHtml, renderDossierPdf, SUPPORT_SHOWN } from '../src/index.ts';
import { hugeInput } from './synthetic-input.ts';

// 5,000 relations and 1,000 evidence items: a subject with years of recorded incidents
test('a huge dossier builds and renders in both formats within a sane time', { timeout: 180_000 }, async () => {
  let started = performance.now();
  const d = buildDossier(hugeInput());
  const buildMs = performance.now() - started;
  assert.equal(d.links.reduce((n, g) => n + g.items.length, 0), 5000);
  assert.equal(d.evidence.items.length, 1000);
  const trafficking = d.assessment[0]!.criteria.find((c) => c.id === 'isil-al-qaida.trafficking-in-conflict')!;
  assert.ok(trafficking.support.length > SUPPORT_SHOWN, 'every supporting fact is kept in the model');

  started = performance.now();
  const html = renderDossierHtml(d);
  const htmlMs = performance.now() - started;
  assert.ok(html.includes(`… and ${trafficking.support.length - SUPPORT_SHOWN} more recorded fact(s)`), 'renderers list the first few per criterion');
  assert.ok(html.endsWith('</html>\n'));

  started = performance.now();
  const pdf = await renderDossierPdf(d);
  const pdfMs = performance.now() - started;
  const pages = Number(/\/Type \/Pages\s*\/Count (\d+)/.exec(pdf.toString('latin1'))?.[1]);
  assert.ok(pages > 200, `${pages} pages`);

  // generous bounds (a shared CI machine); a few seconds each on a developer's machine
  assert.ok(buildMs < 20_000, `build took ${Math.round(buildMs)} ms`);
  assert.ok(htmlMs < 10_000, `HTML took ${Math.round(htmlMs)} ms`);
  assert.ok(pdfMs < 90_000, `PDF took ${Math.round(pdfMs)} ms`);
});
