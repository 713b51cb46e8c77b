import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AriadneError } from '@ariadne/schema';
import type { DisclosureNote, ReleasedCell } from '../src/types.ts';
import {
  buildCountryProfile, buildThematicReport, corridorsTable, formsTable, hotspotsTable, justiceTable, perpetratorsTable,
  MAX_TABLE_ROWS, releasedFigure, reportTable, section, trendsTable, victimsTable, type Release, type ThematicReport,
} from '../src/report/report-model.ts';
import { renderReportHtml } from '../src/report/render-html.ts';
import { renderReportPdf } from '../src/report/render-pdf.ts';
import { barChartSvg, lineChartSvg, MAX_CHART_ITEMS } from '../src/report/charts-svg.ts';
import { disclosureSentence, term, valueText } from '../src/report/report-i18n.ts';
// the dossier's reader of uncompressed pdfkit output: one PDF layer, one way to read it back
import { inspectPdf, pdfLines } from '../../dossier/test/pdf-inspect.ts';

// Everything below is synthetic: "Testland" (XT) and its made-up neighbours XU, XV, XW.
const NOISY: DisclosureNote = { k: 10, mechanism: 'discrete-laplace', epsilon: 1, delta: 0, text: 'Counts below 10 suppressed; discrete Laplace noise, ε = 1.' };
const GLOTIP: DisclosureNote = { k: 5, mechanism: 'none', epsilon: 0, delta: 0, text: 'Values below 5 published as <5 by the source.' };

const shown = (key: Record<string, string>, value: number): ReleasedCell => ({ key, value, suppressed: false });
const hidden = (key: Record<string, string>): ReleasedCell => ({ key, value: undefined, suppressed: true });
const release = (cells: ReleasedCell[], note = NOISY): Release => ({ cells, note });

const HOSTILE_GROUP = '<script>alert(1)</script>';
const MAP_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(2)</script><image href="http://example.invalid/x.png"/></svg>';

function syntheticReport(): ThematicReport {
  const trends = trendsTable(release([
    shown({ period: '2024-03' }, 15), shown({ period: '2024-01' }, 1234), hidden({ period: '2024-02' }),
    shown({ period: '2024-04' }, 23), hidden({ period: '2024-05' }), shown({ period: '2024-06' }, 31),
  ]));
  const corridors = corridorsTable(release([
    shown({ origin: 'XT', destination: 'XU' }, 40), hidden({ origin: 'XW', destination: 'XT' }),
    shown({ origin: 'XU', destination: 'XT' }, 11), shown({ origin: 'XT', destination: 'XV' }, 25),
  ]));
  const hotspots = hotspotsTable([
    { cell: '872830828ffffff', category: 'cold-95', z: -2.1, p: 0.036, test: 'Getis-Ord Gi*, k-ring 1' },
    { cell: '87283082bffffff', category: 'intensifying-hot', z: 3.2, p: 0.0014, test: 'Mann-Kendall on Gi* z-scores' },
  ], NOISY);
  const forms = formsTable(release([
    shown({ form: 'sexual_exploitation' }, 37), hidden({ form: 'child_recruitment' }), shown({ form: 'forced_labour' }, 42),
  ]));
  const perpetrators = perpetratorsTable(release([
    shown({ perpetratorGroup: 'Synthetic Armed Group Alpha' }, 27), shown({ perpetratorGroup: HOSTILE_GROUP }, 12), hidden({ perpetratorGroup: 'Group Gamma' }),
  ]));
  const victims = victimsTable(release([
    shown({ sex: 'female', ageBand: '18+' }, 30), shown({ sex: 'female', ageBand: '0-17' }, 18),
    hidden({ sex: 'male', ageBand: '0-17' }), shown({ sex: 'male', ageBand: '18+' }, 14),
  ]));
  const justice = justiceTable([
    { country: 'XT', year: 2023, prosecuted: { censored: true, below: 5 } },
    { country: 'XT', year: 2022, prosecuted: 12, convicted: { censored: true, below: 5 } },
  ], GLOTIP, 'UNODC GLOTIP (synthetic extract)');
  return buildThematicReport({
    title: 'Testland monitoring report, first half of 2024',
    period: { from: '2024-01', to: '2024-06' },
    area: { countries: ['XT'], name: 'Testland region' },
    generatedAt: '2024-07-01T09:00:00Z',
    sections: [
      section('trends', [trends]),
      section('routes', [corridors]),
      section('hotspots', [hotspots], MAP_SVG),
      section('forms', [forms]),
      section('perpetrators', [perpetrators]),
      section('victims', [victims]),
      section('justice', [justice]),
    ],
  });
}

describe('report model', () => {
  test('builders order rows and keep suppressed and censored values as such', () => {
    const r = syntheticReport();
    const trends = r.sections[0]!.tables[0]!;
    assert.deepEqual(trends.rows.map((row) => row[0]), ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'].map((text) => ({ kind: 'text', text })));
    assert.deepEqual(trends.rows[1]![1], { kind: 'suppressed' });
    const corridors = r.sections[1]!.tables[0]!;
    // largest first, the suppressed corridor last
    assert.deepEqual(corridors.rows.map((row) => row[2]), [{ kind: 'count', value: 40 }, { kind: 'count', value: 25 }, { kind: 'count', value: 11 }, { kind: 'suppressed' }]);
    assert.deepEqual(corridors.columns.map((c) => c.hxl), ['#country+code+origin', '#country+code+destination', '#affected']);
    const justice = r.sections[6]!.tables[0]!;
    assert.deepEqual(justice.rows[0], [{ kind: 'country', code: 'XT' }, { kind: 'text', text: '2022' }, { kind: 'count', value: 12 }, { kind: 'censored', below: 5 }]);
    assert.deepEqual(justice.rows[1]![3], { kind: 'missing' });
    const victims = r.sections[5]!.tables[0]!;
    assert.deepEqual(victims.columns.map((c) => c.hxl), ['#meta+age_band', '#affected+f', '#affected+m']);
    assert.deepEqual(victims.rows.map((row) => row[0]), [{ kind: 'term', vocabulary: 'ageBand', code: '0-17' }, { kind: 'term', vocabulary: 'ageBand', code: '18+' }]);
    assert.deepEqual(victims.rows[0]!.slice(1), [{ kind: 'count', value: 18 }, { kind: 'suppressed' }]);
    const hotspots = r.sections[2]!.tables[0]!;
    assert.equal(hotspots.rows[0]![0]!.kind === 'text' && hotspots.rows[0]![0]!.text, '87283082bffffff', 'most significant first');
  });

  test('refuses what cannot have come out of the publication gate', () => {
    const refused = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => e instanceof AriadneError && e.code === 'VALIDATION_FAILED' && re.test(e.message));
    refused(() => releasedFigure({ key: {}, value: 3, suppressed: true }, NOISY), /suppressed cell carries a value/);
    refused(() => releasedFigure({ key: {}, value: undefined, suppressed: false }, NOISY), /no value/);
    refused(() => releasedFigure({ key: {}, value: 4, suppressed: false }, NOISY), /below the table's threshold k = 10/);
    refused(() => releasedFigure({ key: {}, value: 12.5, suppressed: false }, NOISY), /non-negative integer/);
    refused(() => trendsTable(release([shown({ period: '2024-13' }, 12)])), /not a YYYY-MM month/);
    refused(() => trendsTable(release([shown({ month: '2024-01' }, 12)])), /no "period" dimension/);
    refused(() => victimsTable(release([shown({ sex: 'female', ageBand: '18+' }, 12), shown({ sex: 'female', ageBand: '18+' }, 13)])), /appears twice/);
    refused(() => justiceTable([{ country: 'Testland', year: 2024 }], GLOTIP, 'x'), /not an ISO 3166-1 alpha-2/);
    const ok = trendsTable(release([shown({ period: '2024-01' }, 12)]));
    refused(() => reportTable({ ...ok, id: '../etc/passwd' }), /table id/);
    refused(() => reportTable({ ...ok, columns: [ok.columns[0]!, { ...ok.columns[1]!, hxl: 'count' }] }), /not an HXL hashtag/);
    refused(() => reportTable({ ...ok, rows: [[{ kind: 'text', text: '2024-01' }]] }), /row 1: 1 values for 2 columns/);
    refused(() => reportTable({ ...ok, note: { ...NOISY, epsilon: 0 } }), /must state its ε/);
    refused(() => buildThematicReport({ ...syntheticReport(), sections: [section('trends', [ok]), section('trends', [ok])] }), /share the id "trends"/);
    refused(() => buildThematicReport({ ...syntheticReport(), period: { from: '2024-06', to: '2024-01' } }), /period/);
  });

  test('a country profile keeps only the sections that have data, in a fixed order', () => {
    const p = buildCountryProfile({
      title: 'Country profile: Testland',
      country: 'XT',
      period: { from: '2023-01', to: '2023-12' },
      generatedAt: '2024-01-15T00:00:00Z',
      justice: justiceTable([{ country: 'XT', year: 2023, prosecuted: 7, convicted: { censored: true, below: 5 } }], GLOTIP, 'UNODC GLOTIP'),
      routesOut: corridorsTable(release([shown({ origin: 'XT', destination: 'XU' }, 19)]), { id: 'routes-out', caption: 'routesOut' }),
      routesIn: corridorsTable(release([hidden({ origin: 'XV', destination: 'XT' })]), { id: 'routes-in', caption: 'routesIn' }),
      trend: trendsTable(release([shown({ period: '2023' }, 48)]), { step: 'year' }),
    });
    assert.deepEqual(p.sections.map((s) => s.kind), ['trends', 'routes', 'justice']);
    assert.deepEqual(p.sections[1]!.tables.map((t) => t.id), ['routes-in', 'routes-out']);
    const html = renderReportHtml(p, 'en');
    assert.ok(html.includes('Country profile'));
    assert.ok(html.includes('Routes into the country') && html.includes('Routes out of the country'));
    assert.throws(() => buildCountryProfile({ ...p, country: 'Testland' }), /alpha-2/);
  });
});

describe('HTML', () => {
  const report = syntheticReport();

  test('English: every section, every note, suppressed and censored markers, no script, nothing external', () => {
    const html = renderReportHtml(report, 'en');
    assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="en" dir="ltr">'));
    for (const heading of ['1. Trends', '2. Routes', '3. Hotspots', '4. Forms of exploitation', '5. Perpetrator groups', '6. Victims by sex and age', '7. Prosecutions and convictions']) {
      assert.ok(html.includes(`>${heading}</h2>`), heading);
    }
    // one note per table, written from the note's fields
    assert.equal(html.match(/<p class="note">/g)?.length, 7);
    assert.equal(html.match(/Counts below 10 are suppressed\. Discrete Laplace noise added \(ε = 1, sensitivity 1\)\./g)?.length, 6);
    assert.ok(html.includes('Counts below 5 are suppressed. No noise added. Source: <bdi>UNODC GLOTIP (synthetic extract)</bdi>.'));
    // every suppressed cell in words; censored as <5; never a 0 standing for either
    assert.equal(html.match(/<td class="num suppressed">suppressed<\/td>/g)?.length, 6);
    assert.equal(html.match(/<td class="num censored"><bdi dir="ltr">&lt;5<\/bdi><\/td>/g)?.length, 2);
    assert.ok(html.includes('<td class="num missing">no data</td>'));
    assert.ok(!/<td class="num">0<\/td>/.test(html));
    assert.ok(html.includes('<td class="num">1,234</td>'));
    // the hostile group name is text, and the map's script is inert inside a data: image
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /\s(src|href)="(https?:)?\/\//i);
    assert.ok(html.includes('src="data:image/svg+xml;base64,'));
    assert.ok(html.includes(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`));
    // charts are accessible and have their table beside them
    assert.equal(html.match(/<svg [^>]*role="img"/g)?.length, 4, 'trends, corridors, forms, perpetrators');
    assert.ok(html.includes('<title id="chart-trends-title">Figure: Trends</title>'));
    assert.ok(html.includes('<table id="table-trends">'));
    assert.ok(html.includes('class="label">XT → XU</text>'), 'a corridor bar is labelled by both ends');
    // the HXL tag of each column is printed under its label
    assert.ok(html.includes('<span class="hxl" lang="zxx">#affected+f</span>'));
    assert.ok(html.includes('Intensifying hot spot') && html.includes('Cold spot, 95% confidence'));
    assert.ok(html.includes('<td class="num">-2.10</td>') && html.includes('<td class="num">0.036</td>'));
  });

  test('French: words and number formats of the language', () => {
    const html = renderReportHtml(report, 'fr');
    assert.ok(html.includes('<html lang="fr" dir="ltr">'));
    assert.ok(html.includes('>1. Tendances</h2>') && html.includes('>7. Poursuites et condamnations</h2>'));
    assert.ok(html.includes('<td class="num suppressed">masqué</td>'));
    assert.ok(html.includes('Les effectifs inférieurs à 10 sont masqués.'));
    assert.ok(html.includes('<td class="num">1\u202f234</td>'), 'French groups thousands with a narrow no-break space');
    assert.ok(html.includes('<td class="num">-2,10</td>'), 'and writes a decimal comma');
    assert.ok(html.includes('Travail forcé'));
    assert.doesNotMatch(html, /<script/i);
  });

  test('Arabic: right to left, Arabic words, the same figures', () => {
    const html = renderReportHtml(report, 'ar');
    assert.ok(html.includes('<html lang="ar" dir="rtl">'));
    assert.ok(html.includes('>1. الاتجاهات</h2>'));
    assert.equal(html.match(/<td class="num suppressed">محجوب<\/td>/g)?.length, 6);
    assert.ok(html.includes('تُحجب الأعداد التي تقل عن 10.'));
    assert.ok(html.includes('&lt;5'));
    assert.ok(html.includes('العمل القسري'));
    assert.ok(html.includes('direction="rtl" class="label">من XT إلى XU</text>'), 'a corridor in words, right to left');
    assert.doesNotMatch(html, /<script/i);
  });

  test('hidden bidi controls in outside text are shown, not obeyed', () => {
    const perpetrators = perpetratorsTable(release([shown({ perpetratorGroup: 'Group \u202Eahpla' }, 12)]));
    const r = buildThematicReport({ ...syntheticReport(), sections: [section('perpetrators', [perpetrators])] });
    const html = renderReportHtml(r, 'en');
    assert.ok(html.includes('<bdi>Group [U+202E]ahpla</bdi>'));
    assert.ok(!html.includes('\u202E'));
  });
});

describe('huge and hostile tables', () => {
  test('a table over the row limit is refused; a huge name is cut in HTML and PDF; a chart draws at most 60 bars', async () => {
    const many = Array.from({ length: MAX_TABLE_ROWS + 1 }, (_, i) => shown({ perpetratorGroup: `Synthetic group ${i}` }, 10));
    assert.throws(() => perpetratorsTable(release(many)), /at most 10000/);
    const huge = 'G'.repeat(200_000);
    const cells = [shown({ perpetratorGroup: huge }, 40), ...Array.from({ length: 99 }, (_, i) => shown({ perpetratorGroup: `Synthetic group ${i}` }, 10 + i))];
    const r = buildThematicReport({ ...syntheticReport(), sections: [section('perpetrators', [perpetratorsTable(release(cells))])] });
    const html = renderReportHtml(r, 'en');
    assert.ok(html.includes('… [cut: 200,000 characters]'));
    assert.ok(html.length < 200_000, `${html.length} characters`);
    assert.equal(html.match(/<rect /g)?.length, MAX_CHART_ITEMS);
    const tableHtml = html.slice(html.indexOf('<table id="table-perpetrators">'));
    assert.equal(tableHtml.slice(0, tableHtml.indexOf('</table>')).match(/<tr>/g)?.length, 1 + 100, 'the table keeps every row');
    const pdf = await renderReportPdf(r, 'en');
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  });
});

describe('charts', () => {
  const data = [
    { label: 'Forced labour', value: 42, shown: '42' },
    { label: '<b>Group</b>', value: null, shown: 'suppressed' },
    { label: 'Sexual exploitation', value: 21, shown: '21' },
  ];

  test('a bar chart draws a bar per drawable value, the marker word for the rest, all escaped', () => {
    const svg = barChartSvg(data, { id: 'c1', title: 'Forms & groups', description: 'Values in the table below.' });
    assert.equal(svg.match(/<rect /g)?.length, 2, 'no bar — not even a zero-width one — for a suppressed value');
    assert.ok(svg.includes('class="value marker">suppressed</text>'));
    assert.ok(svg.includes('&lt;b&gt;Group&lt;/b&gt;') && !svg.includes('<b>'));
    assert.ok(svg.includes('<title id="c1-title">Forms &amp; groups</title>'));
    // the largest value fills the bar width; the half-size one is half as long
    const widths = [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    assert.ok(Math.abs(widths[1]! * 2 - widths[0]!) < 0.2, widths.join(', '));
  });

  test('right to left: labels on the right, bars growing leftwards', () => {
    const svg = barChartSvg(data, { id: 'c2', title: 'x', rtl: true, width: 500 });
    const x = Number(/<rect x="([\d.]+)"[^>]*width="([\d.]+)"/.exec(svg)![1]);
    const w = Number(/<rect x="([\d.]+)"[^>]*width="([\d.]+)"/.exec(svg)![2]);
    assert.ok(Math.abs(x + w - (500 - Math.round(500 * 0.36))) < 0.2, 'the bar ends at the label column on the right');
    assert.ok(svg.includes('<text x="496" y="22" text-anchor="start" direction="rtl" class="label">Forced labour</text>'), 'labels start at the right edge');
  });

  test('a line chart breaks at a suppressed point instead of dropping to 0', () => {
    const svg = lineChartSvg([
      { label: '2024-01', value: 12, shown: '12' }, { label: '2024-02', value: 14, shown: '14' }, { label: '2024-03', value: null, shown: 'suppressed' },
      { label: '2024-04', value: 20, shown: '20' }, { label: '2024-05', value: 11, shown: '11' },
    ], { id: 'l1', title: 'Trend' });
    assert.equal(svg.match(/<polyline /g)?.length, 2);
    assert.ok(svg.includes('class="point marker"><title>2024-03: suppressed</title>'));
  });
});

describe('i18n', () => {
  test('notes in three languages from the note fields; unknown terms shown as given', () => {
    const gaussian: DisclosureNote = { k: 12, mechanism: 'discrete-gaussian', epsilon: 0.5, delta: 1e-6, text: '' };
    assert.equal(disclosureSentence(gaussian, 'en'), 'Counts below 12 are suppressed. Discrete Gaussian noise added (ε = 0.5, δ = 0.000001, sensitivity 1).');
    assert.equal(disclosureSentence(gaussian, 'fr'), 'Les effectifs inférieurs à 12 sont masqués. Bruit gaussien discret ajouté (ε = 0,5, δ = 0,000001, sensibilité 1).');
    assert.ok(disclosureSentence(gaussian, 'ar').startsWith('تُحجب الأعداد التي تقل عن 12.'));
    assert.equal(term('form', 'not_a_form', 'fr'), 'not_a_form');
    assert.equal(valueText({ kind: 'censored', below: 5 }, 'ar'), '<5');
    assert.equal(valueText({ kind: 'stat', value: 0.0004, digits: 3, isP: true }, 'en'), '< 0.001');
    assert.equal(valueText({ kind: 'country', code: 'X1' }, 'en'), 'X1', 'a code Intl refuses is shown as given');
  });
});

describe('PDF', () => {
  const report = syntheticReport();

  for (const lang of ['en', 'fr', 'ar'] as const) {
    test(`${lang}: a PDF whose info dictionary carries the title`, async () => {
      const pdf = await renderReportPdf(report, lang);
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      assert.ok(pdf.subarray(-6).toString().includes('%%EOF'));
      // pdfkit writes the info strings as separate objects, outside the compressed content streams
      const raw = pdf.toString('latin1');
      const ref = /\/Title (\d+) 0 R/.exec(raw)?.[1];
      assert.ok(ref && raw.includes(`\n${ref} 0 obj\n(Testland monitoring report, first half of 2024)\nendobj`));
    });
  }

  test('English, uncompressed: the title, every section, the markers and the notes are in the text', async () => {
    const lines = pdfLines(inspectPdf(await renderReportPdf(report, 'en', { compress: false })));
    const text = lines.join('\n');
    assert.ok(text.includes('Testland monitoring report, first half of 2024'));
    for (const heading of ['1. Trends', '2. Routes', '3. Hotspots', '4. Forms of exploitation', '5. Perpetrator groups', '6. Victims by sex and age', '7. Prosecutions and convictions']) {
      assert.ok(lines.includes(heading), heading);
    }
    assert.ok(text.includes('The map is in the HTML edition of this report.'));
    assert.ok(text.includes(HOSTILE_GROUP), 'drawn as text');
    assert.ok(lines.filter((l) => l.includes('suppressed')).length >= 6);
    assert.ok(lines.some((l) => l.includes('<5')));
    assert.ok(text.includes('Disclosure control: Counts below 10 are suppressed.'));
    assert.ok(text.includes('#affected+f'));
    assert.ok(lines.some((l) => /Page 1 of \d+$/.test(l)));
  });

  test('Arabic, uncompressed: Arabic fonts embedded, tables and bars mirrored (labels right of their figures)', async () => {
    const labelSide = async (lang: 'en' | 'ar') => {
      const doc = inspectPdf(await renderReportPdf(report, lang, { compress: false }));
      // "42" (forced labour) is drawn in the bar chart and in the table; compare it with the label on its line
      const items = doc.pages.flat();
      return { doc, sides: items.filter((i) => i.text === '42').map((n) => {
        const label = items.filter((i) => i.y === n.y && i !== n && /\p{L}/u.test(i.text));
        assert.ok(label.length > 0);
        return label.every((l) => l.x > n.x) ? 'right' : label.every((l) => l.x < n.x) ? 'left' : 'mixed';
      }) };
    };
    const ar = await labelSide('ar');
    assert.ok(ar.doc.fonts.some((f) => /NotoNaskhArabic/.test(f.baseFont) && f.embedded));
    assert.deepEqual(ar.sides, ['right', 'right']);
    assert.deepEqual((await labelSide('en')).sides, ['left', 'left']);
  });

  test('the same report gives the same bytes', async () => {
    assert.ok((await renderReportPdf(report, 'fr')).equals(await renderReportPdf(report, 'fr')));
  });

  test('a long table breaks across pages with its header repeated', async () => {
    const cells = Array.from({ length: 120 }, (_, i) => shown({ perpetratorGroup: `Synthetic group ${String(i).padStart(3, '0')}` }, 10 + i));
    const r = buildThematicReport({ ...syntheticReport(), sections: [section('perpetrators', [perpetratorsTable(release(cells))])] });
    const doc = inspectPdf(await renderReportPdf(r, 'en', { compress: false }));
    assert.ok(doc.pageCount >= 3, `${doc.pageCount} pages`);
    const headerRows = pdfLines(doc).filter((l) => l.startsWith('Perpetrator group') && l.includes('Incidents'));
    assert.ok(headerRows.length >= doc.pageCount - 1, `${headerRows.length} header rows on ${doc.pageCount} pages`);
    assert.ok(pdfLines(doc).some((l) => l.includes('Synthetic group 000')));
  });
});
