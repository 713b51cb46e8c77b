import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDossier, renderDossierHtml } from '../src/index.ts';
import { ARABIC_NAME, evidenceItem, INCIDENT, syntheticInput } from './synthetic-input.ts';

test('the document is self-contained, marked confidential and carries every section', () => {
  const html = renderDossierHtml(buildDossier(syntheticInput()));
  assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="en" dir="ltr">'));
  assert.match(html, /<p class="marking">Confidential — for the sanctions committee<\/p>/);
  assert.match(html, /<th scope="row">Generated<\/th><td>2026-11-28T12:00:00Z<\/td>/);
  assert.match(html, /<th scope="row">Instance<\/th><td>ariadne\.test\/synthetic-log<\/td>/);
  for (const id of ['identification', 'narrative', 'criteria', 'links', 'evidence', 'list-entries', 'provenance']) {
    assert.match(html, new RegExp(`<section id="${id}" aria-labelledby="h-${id}">`), id);
  }
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|\ssrc=|@import|url\(/i, 'no script and no external resource');
  assert.match(html, /No supporting facts recorded\./);
  assert.match(html, /resolution 2331 \(2016\), paragraph 13/);
  assert.match(html, /<pre>ariadne\.test\/synthetic-log\n1000\n/, 'the signed checkpoint is reproduced');
});

test('Arabic and Cyrillic values carry their direction and a script tag, isolated in <bdi>', () => {
  const html = renderDossierHtml(buildDossier(syntheticInput()));
  assert.ok(html.includes(`<bdi dir="rtl" lang="und-Arab">${ARABIC_NAME}</bdi>`));
  assert.match(html, /<bdi dir="ltr" lang="und-Cyrl">Тестперсон Альфа<\/bdi>/);
  assert.match(html, /<th scope="row">Aliases — Arabic script<\/th>/);
});

test('every value is escaped: markup, attribute breakers and bidi overrides come out inert', () => {
  const hostile = '<script>alert(1)</script>"\'&\u202Eevil';
  const input = syntheticInput({
    narrative: hostile,
    relations: [{ ...INCIDENT, entity: { ...INCIDENT.entity, id: 'x" onmouseover="alert(1)', caption: hostile } }],
    evidence: [{ ...evidenceItem(1, ['x" onmouseover="alert(1)']), id: '"><img src=x>', filename: hostile, description: hostile }],
    screening: [{ list: hostile, entry: hostile, status: 'needs_review', score: 0.5, matchedName: hostile, explanation: [hostile] }],
  });
  const html = renderDossierHtml(buildDossier({ ...input, subject: { ...input.subject, caption: hostile, caseName: hostile } }));
  assert.doesNotMatch(html, /<script|<img|onmouseover="/i);
  assert.ok(!html.includes('\u202E'), 'no raw override character');
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;[U+202E]evil'));
  assert.ok(html.includes('id="ev-&quot;&gt;&lt;img src=x&gt;"'));
});

test('an empty dossier still renders every section with "not recorded"', () => {
  const input = syntheticInput({ relations: [], evidence: [], screening: [] });
  const html = renderDossierHtml(buildDossier({ ...input, subject: { ...input.subject, properties: {} } }));
  assert.match(html, /No evidence items attached\./);
  assert.match(html, /No screening results recorded for the subject\./);
  assert.match(html, /<th scope="row">Aliases<\/th><td><span class="none">not recorded<\/span>/);
  assert.match(html, /Incidents \(0\)<\/h3><p class="none">None recorded\.<\/p>/);
});
