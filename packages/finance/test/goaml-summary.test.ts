import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { GoamlReportInput } from '../src/goaml/report-input.ts';
import { directionOf, renderReportSummary } from '../src/goaml/report-summary.ts';
import { exampleCodeLists, sampleReport, TEST_PSEUDONYM_KEY } from './fixtures/goaml/report-inputs.ts';

function summary(input: GoamlReportInput = sampleReport('5.0.2'), extra: { lang?: string; dir?: 'ltr' | 'rtl'; generatedAt?: number } = {}): string {
  return renderReportSummary(input, { schemaVersion: '5.0.2', codeLists: exampleCodeLists('5.0.2'), pseudonymKey: TEST_PSEUDONYM_KEY, ...extra });
}

describe('renderReportSummary', () => {
  test('is one self-contained page: no script, no outside resource, a CSP forbidding both, print rules', () => {
    const html = summary();
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en" dir="ltr">/);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|src=|href=|url\(|@import|https?:\/\//i);
    assert.match(html, /@media print \{[\s\S]*@page/);
    assert.match(html, /thead \{ display: table-header-group; \}/);
  });

  test('shows the header, the grounds, the action, the indicators with the FIU\'s labels, the transactions, the parties and the alerts', () => {
    const html = summary(sampleReport('5.0.2'), { generatedAt: Date.UTC(2026, 2, 20, 12, 0, 0) });
    assert.match(html, /<h1>Suspicious Transaction Report <span dir="ltr">STR<\/span><\/h1>/);
    assert.match(html, /<dt>Entity reference<\/dt><dd><bdi>STR-2026-0007<\/bdi><\/dd>/);
    assert.match(html, /<dt>Submission date<\/dt><dd><span dir="ltr">2026-03-20 15:30:00<\/span> \(Asia\/Colombo\)<\/dd>/);
    assert.match(html, /<h2>Grounds for suspicion<\/h2>\s*<div class="text"><bdi>Wages paid to Protected person/);
    assert.match(html, /<h2>Action taken<\/h2>\s*<div class="text"><bdi>Accounts placed under enhanced monitoring/);
    assert.match(html, /<li><span dir="ltr">STRUC<\/span> <bdi>Structured currency deposits/);
    assert.equal(html.match(/<tr><td class="num">\d+<\/td>/g)?.length, 5, 'one row per transaction');
    assert.match(html, /<span dir="ltr">5500\.01<\/span><\/td><td class="num"><span dir="ltr">5000\.01 EUR<\/span>/);
    assert.match(html, /<span dir="ltr">SWIFT<\/span> <bdi>Wire Transfer<\/bdi>/);
    assert.match(html, /<bdi>Synthetic Holdings FZE<\/bdi>/);
    assert.match(html, /receiver in #2, sender in #3, sender in #4/);
    assert.match(html, /<h2>Alerts behind this report<\/h2>[\s\S]*<strong><bdi>human-trafficking-labour<\/bdi><\/strong> \(<bdi>ht-wage-sweep<\/bdi>, score <span dir="ltr">0\.82<\/span>\)/);
    assert.match(html, /Prepared with Ariadne on <span dir="ltr">2026-03-20 17:30:00<\/span>/);
    assert.match(html, /1 victim is pseudonymised here and in the XML/);
  });

  test('is direction-aware: Arabic, Hebrew, Persian are right to left; dir can be forced', () => {
    assert.match(summary(sampleReport('5.0.2'), { lang: 'ar' }), /<html lang="ar" dir="rtl">/);
    assert.match(summary(sampleReport('5.0.2'), { lang: 'fa-IR' }), /<html lang="fa-IR" dir="rtl">/);
    assert.match(summary(sampleReport('5.0.2'), { lang: 'en', dir: 'rtl' }), /<html lang="en" dir="rtl">/);
    assert.equal(directionOf('he'), 'rtl');
    assert.equal(directionOf('fr-CA'), 'ltr');
    assert.match(summary(sampleReport('5.0.2'), { lang: '"><script>' }), /<html lang="en" dir="ltr">/, 'a hostile lang falls back to en');
    assert.match(summary(), /text-align: start/, 'CSS uses logical sides');
  });

  test('escapes hostile text and isolates it, so it can neither inject markup nor reorder the page', () => {
    const hostile = '<script>alert(1)</script> & "q" \'a\' ]]> \u202eevil\u202c \u0007 محمد';
    const base = sampleReport('5.0.2');
    const input: GoamlReportInput = {
      ...base,
      reason: hostile,
      transactions: base.transactions.map((tx, i) => (i === 2 ? { ...tx, description: hostile, toParty: { ...tx.toParty, holder: { kind: 'person', firstName: hostile, lastName: 'Two' } } } : tx)),
    };
    const html = summary(input);
    assert.doesNotMatch(html, /<script>/);
    assert.match(html, /<bdi>&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;q&quot; &#39;a&#39; \]\]&gt; evil {2}محمد<\/bdi>/);
    // eslint-disable-next-line no-control-regex -- looking for the control characters that must be gone
    assert.doesNotMatch(html, /[\u0007\u202a-\u202e]/);
  });

  test('a report without alerts or grounds still renders, saying so', () => {
    const { alerts: _alerts, reason: _reason, ...rest } = sampleReport('5.0.2');
    const html = summary(rest);
    assert.doesNotMatch(html, /Alerts behind this report/);
    assert.match(html, /<h2>Grounds for suspicion<\/h2>\s*<div class="text"><em>none given<\/em><\/div>/);
  });

  test('without code lists the codes are shown bare', () => {
    const html = renderReportSummary(sampleReport('5.0.2'), { pseudonymKey: TEST_PSEUDONYM_KEY });
    assert.match(html, /<h1>goAML report <span dir="ltr">STR<\/span><\/h1>/);
    assert.match(html, /<li><span dir="ltr">STRUC<\/span><\/li>/);
  });
});
