/**
 * The publication gate: every published table passes through `releaseTable`. These tests read as
 * the rules an officer can rely on: k, the budget, the noise, the ledger entry and the note.
 * Cells are synthetic ("Testland" P-codes XX01…).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isAriadneError } from '@ariadne/schema';
import { releaseTable, totalCell, DEFAULT_K, type GateOptions } from '../src/gate/publication-gate.ts';
import { budgetStatus, spendBudget } from '../src/gate/budget.ts';
import { disclosureNoteText, disclosureNoteTexts } from '../src/gate/disclosure-note.ts';
import { seededRandomForTests } from '../src/dp/random.ts';
import { discreteLaplaceExpectedAbsError } from '../src/dp/discrete-laplace.ts';
import type { LedgerEntry, ReleaseRequest, TableCell } from '../src/types.ts';

const BUDGET = { epsilon: 2, delta: 1e-5 };
const FIXED: GateOptions = { now: () => '2031-01-31T12:00:00.000Z', newId: () => 'release-1' };

function cell(pcode: string, count: number, year = '2030'): TableCell {
  return { key: { pcode, year }, count };
}

function request(overrides: Partial<ReleaseRequest> = {}): ReleaseRequest {
  return { query: 'Victims by admin area, Testland, 2030', dimensions: ['pcode', 'year'], mechanism: 'discrete-laplace', epsilon: 1, ...overrides };
}

function ledgerEntry(epsilon: number, delta = 0, mechanism: LedgerEntry['mechanism'] = 'discrete-laplace'): LedgerEntry {
  return { id: `old-${epsilon}-${delta}`, at: '2030-12-01T00:00:00.000Z', query: 'earlier table', mechanism, epsilon, delta, k: 10, cells: 4, suppressed: 1 };
}

/** Many cells with the same true count, to see what the gate does to that count. */
function uniformTable(n: number, count: number): TableCell[] {
  return Array.from({ length: n }, (_, i) => cell(`XX${String(i).padStart(5, '0')}`, count));
}

function refusedWith(code: string, detail?: string) {
  return (e: unknown) => isAriadneError(e) && e.code === code && (detail === undefined || Object.keys(e.details ?? {}).includes(detail));
}

describe('k, the small-cell threshold', () => {
  test('defaults to 10: exact counts below 10 are suppressed, the rest shown as they are (mechanism none)', () => {
    const cells = [cell('XX01', 3), cell('XX02', 9), cell('XX03', 10), cell('XX04', 25), cell('XX05', 0)];
    const release = releaseTable(cells, request({ mechanism: 'none', epsilon: undefined }), [], BUDGET, FIXED);
    assert.equal(DEFAULT_K, 10);
    assert.equal(release.entry.k, 10);
    assert.deepEqual(release.cells.map((c) => c.value), [undefined, undefined, 10, 25, undefined]);
    assert.deepEqual(release.cells.map((c) => c.suppressed), [true, true, false, false, true]);
    assert.deepEqual(release.cells[0]!.key, { pcode: 'XX01', year: '2030' });
    assert.equal(release.entry.suppressed, 3);
  });

  test('is refused below 5 (and when not a whole number); 5 is allowed', () => {
    for (const k of [4, 0, -10, 4.5, Number.NaN]) {
      assert.throws(() => releaseTable([cell('XX01', 50)], request({ k }), [], BUDGET, FIXED), refusedWith('VALIDATION_FAILED', 'k'), `k = ${k}`);
    }
    const release = releaseTable([cell('XX01', 5), cell('XX02', 4)], request({ k: 5, mechanism: 'none', epsilon: undefined }), [], BUDGET, FIXED);
    assert.deepEqual(release.cells.map((c) => c.value), [5, undefined]);
    assert.equal(release.entry.k, 5);
  });

  test('with noise, suppression is decided on the noisy count: a true 9 is sometimes shown, a true 10 sometimes blanked', () => {
    // P(Laplace noise ≥ 1) at ε = 1 is e⁻¹/(1 + e⁻¹) = 0.2689, so about 538 of 2000 true 9s are shown
    // and about 538 of 2000 true 10s are blanked (noise ≤ -1); ±6 standard errors (6·19.8)
    const p = Math.exp(-1) / (1 + Math.exp(-1));
    const expected = 2000 * p;
    const tolerance = 6 * Math.sqrt(2000 * p * (1 - p));
    const nines = releaseTable(uniformTable(2000, 9), request(), [], BUDGET, { ...FIXED, random: seededRandomForTests('nines') });
    const tens = releaseTable(uniformTable(2000, 10), request(), [], BUDGET, { ...FIXED, random: seededRandomForTests('tens') });
    const ninesShown = nines.cells.filter((c) => !c.suppressed).length;
    const tensBlanked = tens.entry.suppressed;
    assert.ok(Math.abs(ninesShown - expected) < tolerance, `${ninesShown} true 9s shown`);
    assert.ok(Math.abs(tensBlanked - expected) < tolerance, `${tensBlanked} true 10s blanked`);
  });

  test('no released value is below k, suppressed cells carry no value, shown cells carry one', () => {
    const counts = Array.from({ length: 3000 }, (_, i) => i % 30);
    const cells = counts.map((c, i) => cell(`XX${i}`, c));
    for (const [mechanism, extra] of [['discrete-laplace', {}], ['discrete-gaussian', { delta: 1e-6 }], ['none', { epsilon: undefined }]] as const) {
      const release = releaseTable(cells, request({ mechanism, k: 12, ...extra }), [], BUDGET, { random: seededRandomForTests(mechanism) });
      for (const c of release.cells) {
        if (c.suppressed) assert.equal(c.value, undefined);
        else assert.ok(Number.isInteger(c.value) && c.value! >= 12, `${mechanism}: ${c.value}`);
      }
      assert.equal(release.entry.suppressed, release.cells.filter((c) => c.suppressed).length);
      assert.ok(release.entry.suppressed > 0 && release.entry.suppressed < cells.length);
    }
  });
});

describe('noise', () => {
  test('the discrete Laplace adds noise of the stated size (mean absolute error at ε = 1)', () => {
    const n = 20_000;
    const release = releaseTable(uniformTable(n, 1000), request({ epsilon: 1 }), [], BUDGET, { random: seededRandomForTests('size') });
    const errors = release.cells.map((c) => Math.abs(c.value! - 1000));
    const mae = errors.reduce((a, b) => a + b, 0) / n;
    // standard error of the mean |X| at ε = 1 is 1.057/√n = 0.0075
    assert.ok(Math.abs(mae - discreteLaplaceExpectedAbsError(1)) < 6 * (1.057 / Math.sqrt(n)), `MAE ${mae}`);
    assert.ok(errors.some((e) => e > 0), 'the counts were changed');
  });

  test('maxCellsPerPerson m splits ε across a person\'s cells: the noise grows m-fold', () => {
    const n = 20_000;
    const release = releaseTable(uniformTable(n, 1000), request({ epsilon: 1 }), [], BUDGET, { random: seededRandomForTests('split'), maxCellsPerPerson: 2 });
    const mae = release.cells.reduce((a, c) => a + Math.abs(c.value! - 1000), 0) / n;
    // at ε/2 = 0.5: E|X| = 1.919, sd of |X| about 2.0, standard error 0.014
    assert.ok(Math.abs(mae - discreteLaplaceExpectedAbsError(0.5)) < 6 * 0.0145, `MAE ${mae}`);
    assert.match(release.note.text, /sensitivity 2/);
    assert.throws(() => releaseTable([cell('XX01', 1)], request(), [], BUDGET, { maxCellsPerPerson: 0 }), refusedWith('VALIDATION_FAILED', 'maxCellsPerPerson'));
  });

  test('a monthly report of 100,000 cells goes through in one release', () => {
    const release = releaseTable(Array.from({ length: 100_000 }, (_, i) => cell(`XX${i}`, i % 50)), request(), [], BUDGET, FIXED);
    assert.equal(release.cells.length, 100_000);
    assert.equal(release.entry.cells, 100_000);
  });

  test('the discrete Gaussian records its δ and says so in the note', () => {
    const release = releaseTable(uniformTable(100, 40), request({ mechanism: 'discrete-gaussian', epsilon: 0.5, delta: 1e-6 }), [], BUDGET, FIXED);
    assert.equal(release.entry.delta, 1e-6);
    assert.equal(release.entry.epsilon, 0.5);
    assert.equal(release.note.text, 'Counts below 10 are suppressed (after noise is added). Discrete Gaussian noise added, ε = 0.5, δ = 10⁻⁶ (sensitivity 1).');
  });
});

describe('mechanism parameters', () => {
  test('none applies k only and spends nothing; it refuses an ε it would not honour', () => {
    const release = releaseTable([cell('XX01', 12), cell('XX02', 7)], request({ mechanism: 'none', epsilon: undefined }), [], BUDGET, FIXED);
    assert.deepEqual(release.cells.map((c) => c.value), [12, undefined]);
    assert.equal(release.entry.epsilon, 0);
    assert.equal(release.entry.delta, 0);
    assert.match(release.note.text, /no differential-privacy guarantee/);
    assert.throws(() => releaseTable([cell('XX01', 12)], request({ mechanism: 'none', epsilon: 1 }), [], BUDGET, FIXED), refusedWith('VALIDATION_FAILED', 'mechanism'));
    // an exhausted budget does not stop an exact k-only release
    assert.equal(releaseTable([cell('XX01', 12)], request({ mechanism: 'none', epsilon: undefined }), [ledgerEntry(2)], BUDGET, FIXED).cells[0]!.value, 12);
  });

  test('the noisy mechanisms need their parameters, and only those', () => {
    const refused: [Partial<ReleaseRequest>, string][] = [
      [{ epsilon: undefined }, 'epsilon'],
      [{ epsilon: 0 }, 'epsilon'],
      [{ epsilon: -1 }, 'epsilon'],
      [{ epsilon: Infinity }, 'epsilon'],
      [{ delta: 1e-6 }, 'delta'],
      [{ mechanism: 'discrete-gaussian', delta: undefined }, 'delta'],
      [{ mechanism: 'discrete-gaussian', delta: 0 }, 'delta'],
      [{ mechanism: 'discrete-gaussian', delta: 1 }, 'delta'],
      [{ mechanism: 'laplace' as never }, 'mechanism'],
    ];
    for (const [overrides, detail] of refused) {
      assert.throws(() => releaseTable([cell('XX01', 50)], request(overrides), [], BUDGET, FIXED), refusedWith('VALIDATION_FAILED', detail), JSON.stringify(overrides));
    }
  });
});

describe('the privacy budget', () => {
  test('a release over budget is refused, nothing is released and the ledger is unchanged', () => {
    const ledger = Object.freeze([ledgerEntry(0.8), ledgerEntry(0.9)]);
    const before = structuredClone(ledger);
    let released: unknown;
    assert.throws(() => {
      released = releaseTable([cell('XX01', 50)], request({ epsilon: 0.5 }), ledger, BUDGET, FIXED);
    }, (e: unknown) => refusedWith('CONFLICT', 'epsilon')(e) && /exceed the privacy budget/.test((e as Error).message) && /0\.3 of 2 is left/.test((e as Error).message));
    assert.equal(released, undefined);
    assert.deepEqual(ledger, before);
  });

  test('δ is budgeted too', () => {
    assert.throws(
      () => releaseTable([cell('XX01', 50)], request({ mechanism: 'discrete-gaussian', epsilon: 0.1, delta: 6e-6 }), [ledgerEntry(0.1, 5e-6, 'discrete-gaussian')], BUDGET, FIXED),
      refusedWith('CONFLICT', 'delta'),
    );
  });

  test('a release that uses up the budget exactly fits (decimal arithmetic: 0.1 + 0.2 + 0.3 = 0.6)', () => {
    const ledger = [ledgerEntry(0.1), ledgerEntry(0.2)];
    const release = releaseTable([cell('XX01', 50)], request({ epsilon: 0.3 }), ledger, { epsilon: 0.6, delta: 0 }, FIXED);
    assert.equal(release.entry.epsilon, 0.3);
    const status = budgetStatus([...ledger, release.entry], { epsilon: 0.6, delta: 0 });
    assert.deepEqual(status.spent, { epsilon: 0.6, delta: 0 });
    assert.deepEqual(status.remaining, { epsilon: 0, delta: 0 });
    assert.throws(() => releaseTable([cell('XX01', 50)], request({ epsilon: 0.001 }), [...ledger, release.entry], { epsilon: 0.6, delta: 0 }, FIXED), refusedWith('CONFLICT'));
  });

  test('spendBudget returns what is left after the release', () => {
    const after = spendBudget([ledgerEntry(0.25, 1e-6)], { epsilon: 1, delta: 1e-5 }, { epsilon: 0.5, delta: 2e-6 });
    assert.deepEqual(after.spent, { epsilon: 0.75, delta: 3e-6 });
    assert.deepEqual(after.remaining, { epsilon: 0.25, delta: 7e-6 });
  });

  test('a damaged ledger or a bad budget stops releases instead of reading as "nothing spent"', () => {
    for (const bad of [Number.NaN, -1, Infinity, '0.5' as unknown as number]) {
      assert.throws(() => releaseTable([cell('XX01', 50)], request(), [ledgerEntry(bad)], BUDGET, FIXED), refusedWith('VALIDATION_FAILED', 'ledger[0].epsilon'));
    }
    assert.throws(() => releaseTable([cell('XX01', 50)], request(), [], { epsilon: Number.NaN, delta: 0 }, FIXED), refusedWith('VALIDATION_FAILED', 'budget.epsilon'));
    assert.throws(() => releaseTable([cell('XX01', 50)], request(), [], { epsilon: 1, delta: 1 }, FIXED), refusedWith('VALIDATION_FAILED', 'budget.delta'));
  });
});

describe('the ledger entry', () => {
  test('records ε, δ, mechanism, query, k, date, cell and suppressed counts', () => {
    const cells = [cell('XX01', 500), cell('XX02', 0), cell('XX03', 320)];
    const release = releaseTable(cells, request({ k: 15, epsilon: 0.7 }), [], BUDGET, { ...FIXED, random: seededRandomForTests('entry') });
    assert.deepEqual(release.entry, {
      id: 'release-1',
      at: '2031-01-31T12:00:00.000Z',
      query: 'Victims by admin area, Testland, 2030',
      mechanism: 'discrete-laplace',
      epsilon: 0.7,
      delta: 0,
      k: 15,
      cells: 3,
      suppressed: 1,
    });
  });

  test('gets a fresh id and the current time by default', () => {
    const a = releaseTable([cell('XX01', 50)], request(), [], BUDGET);
    const b = releaseTable([cell('XX01', 50)], request(), [a.entry], BUDGET);
    assert.notEqual(a.entry.id, b.entry.id);
    assert.ok(!Number.isNaN(Date.parse(a.entry.at)));
  });
});

describe('bad tables are refused whole, with the bad cells named', () => {
  test('bad counts, keys that do not match the dimensions, duplicate keys', () => {
    const cells = [
      cell('XX01', 12),
      cell('XX02', -1),
      cell('XX03', 2.5),
      cell('XX04', Number.NaN),
      { key: { pcode: 'XX05' }, count: 3 },
      { key: { pcode: 'XX06', year: '2030', name: 'Person 17' }, count: 3 },
      { key: { pcode: 'XX07', year: 2030 as unknown as string }, count: 3 },
      cell('XX01', 40),
      null as unknown as TableCell,
    ];
    try {
      releaseTable(cells, request(), [], BUDGET, FIXED);
      assert.fail('the table was released');
    } catch (e) {
      assert.ok(isAriadneError(e) && e.code === 'VALIDATION_FAILED');
      assert.deepEqual(Object.keys(e.details ?? {}), ['cells[1]', 'cells[2]', 'cells[3]', 'cells[4]', 'cells[5]', 'cells[6]', 'cells[7]', 'cells[8]']);
      assert.match(e.details!['cells[7]']!, /same key as cell 0/);
      assert.match(e.message, /8 cell\(s\)/);
    }
  });

  test('a huge bad table is refused with a bounded list of problems', () => {
    const cells = Array.from({ length: 200_000 }, (_, i) => cell(`XX${i}`, -i - 1));
    try {
      releaseTable(cells, request(), [], BUDGET, FIXED);
      assert.fail('the table was released');
    } catch (e) {
      assert.ok(isAriadneError(e));
      assert.equal(Object.keys(e.details ?? {}).length, 20);
      assert.match(e.message, /200000 cell\(s\).*first 20/);
    }
  });

  test('a request needs a query description and distinct dimensions', () => {
    assert.throws(() => releaseTable([cell('XX01', 50)], request({ query: ' ' }), [], BUDGET, FIXED), refusedWith('VALIDATION_FAILED', 'query'));
    assert.throws(() => releaseTable([cell('XX01', 50)], request({ query: 'x'.repeat(5000) }), [], BUDGET, FIXED), refusedWith('VALIDATION_FAILED', 'query'));
    assert.throws(() => releaseTable([cell('XX01', 50)], request({ dimensions: ['pcode', 'pcode'] }), [], BUDGET, FIXED), refusedWith('VALIDATION_FAILED', 'dimensions'));
    assert.throws(() => releaseTable('cells' as never, request(), [], BUDGET, FIXED), refusedWith('VALIDATION_FAILED', 'cells'));
  });

  test('an empty table is released as empty and still recorded', () => {
    const release = releaseTable([], request(), [], BUDGET, FIXED);
    assert.deepEqual(release.cells, []);
    assert.equal(release.entry.cells, 0);
  });
});

describe('totals', () => {
  test('a total is its own one-cell release, not the sum of what survived suppression', () => {
    const cells = [cell('XX01', 40), cell('XX02', 3), cell('XX03', 25)];
    const total = totalCell(cells, ['pcode', 'year']);
    assert.deepEqual(total, { key: { pcode: 'total', year: 'total' }, count: 68 });
    const table = releaseTable(cells, request({ epsilon: 0.5 }), [], BUDGET, FIXED);
    const totals = releaseTable([total], request({ query: 'Total victims, Testland, 2030', epsilon: 0.5 }), [table.entry], BUDGET, FIXED);
    assert.equal(totals.cells.length, 1);
    assert.ok(Math.abs(totals.cells[0]!.value! - 68) < 40);
    assert.deepEqual(budgetStatus([table.entry, totals.entry], BUDGET).spent, { epsilon: 1, delta: 0 });
    assert.throws(() => totalCell([cell('XX01', -2)], ['pcode', 'year']), refusedWith('VALIDATION_FAILED'));
  });
});

describe('the disclosure note', () => {
  const laplace = { k: 10, mechanism: 'discrete-laplace', epsilon: 1, delta: 0 } as const;

  test('comes with every release, in the requested language', () => {
    const release = releaseTable([cell('XX01', 50)], request(), [], BUDGET, FIXED);
    assert.deepEqual(release.note, { ...laplace, text: 'Counts below 10 are suppressed (after noise is added). Discrete Laplace noise added, ε = 1 (sensitivity 1).' });
    const french = releaseTable([cell('XX01', 50)], request({ epsilon: 0.5 }), [], BUDGET, { ...FIXED, language: 'fr' });
    assert.equal(french.note.text, 'Les effectifs inférieurs à 10 sont masqués (après ajout du bruit). Bruit de Laplace discret ajouté, ε = 0,5 (sensibilité 1).');
  });

  test('reads in English, French and Arabic for every mechanism', () => {
    assert.deepEqual(disclosureNoteTexts(laplace), {
      en: 'Counts below 10 are suppressed (after noise is added). Discrete Laplace noise added, ε = 1 (sensitivity 1).',
      fr: 'Les effectifs inférieurs à 10 sont masqués (après ajout du bruit). Bruit de Laplace discret ajouté, ε = 1 (sensibilité 1).',
      ar: 'تُحجب الأعداد التي تقل عن 10 (بعد إضافة الضجيج). أُضيف ضجيج لابلاس المنفصل، ε = 1 (الحساسية 1).',
    });
    const none = disclosureNoteTexts({ k: 5, mechanism: 'none', epsilon: 0, delta: 0 });
    assert.equal(none.en, 'Counts below 5 are suppressed. No noise added: the figures are exact and carry no differential-privacy guarantee.');
    assert.match(none.fr, /^Les effectifs inférieurs à 5 sont masqués\. Aucun bruit ajouté/);
    assert.match(none.ar, /^تُحجب الأعداد التي تقل عن 5\. لم يُضف أي ضجيج/);
    const gaussian = { k: 10, mechanism: 'discrete-gaussian', epsilon: 0.25, delta: 2.5e-7 } as const;
    assert.match(disclosureNoteText(gaussian, 'en'), /ε = 0\.25, δ = 2\.5 × 10⁻⁷/);
    assert.match(disclosureNoteText(gaussian, 'fr'), /ε = 0,25, δ = 2,5 × 10⁻⁷/);
    assert.match(disclosureNoteText(gaussian, 'ar'), /غاوسي منفصل، ε = 0\.25، δ = 2\.5 × 10⁻⁷/);
  });
});
