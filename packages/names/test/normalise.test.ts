/** normaliseName and detectScript: what two spellings of one name have in common after clean-up. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { detectScript, normaliseName } from '../src/index.ts';

describe('normaliseName', () => {
  test('lower-cases, collapses spaces and trims', () => {
    assert.equal(normaliseName('  SYNTHETIC   Witness\t\nOne '), 'synthetic witness one');
  });
  test('NFKC folds presentation forms and compatibility characters', () => {
    assert.equal(normaliseName('ＳＹＮＴＨＥＴＩＣ'), 'synthetic');
    assert.equal(normaliseName('\uFEF7'), 'لأ'); // lam-alef ligature → two letters
    assert.equal(normaliseName('ﬁnn'), 'finn');
  });
  test('unifies hyphens and apostrophes, turns other punctuation into spaces', () => {
    assert.equal(normaliseName('Al‐Synthetic–Name'), 'al-synthetic-name');
    assert.equal(normaliseName('Ma’ruf ʿAbd'), "ma'ruf 'abd");
    assert.equal(normaliseName('Witness, Synthetic (KTJ).'), 'witness synthetic ktj');
  });
  test('strips bidi overrides, isolates, marks and zero-width characters', () => {
    assert.equal(normaliseName('Syn\u202Ethetic\u202C \u2066Wit\u200Bness\u2069\u200F'), 'synthetic witness');
    assert.equal(normaliseName('\uFEFFabc\u061C\u200D'), 'abc');
  });
  test('folds ß and final sigma', () => {
    assert.equal(normaliseName('Straße'), 'strasse');
    assert.equal(normaliseName('ΟΔΥΣΣΕΥΣ'), normaliseName('οδυσσευσ'));
  });
});

describe('detectScript', () => {
  test('names the script of the letters, ignoring digits and punctuation', () => {
    assert.equal(detectScript('Synthetic Witness 2'), 'latin');
    assert.equal(detectScript('صدام حسين'), 'arabic');
    assert.equal(detectScript('ولی جان'), 'arabic'); // Persian letters are Arabic script
    assert.equal(detectScript('Доку Умаров'), 'cyrillic');
  });
  test('mixed when letters of two scripts occur, other for none or another script', () => {
    assert.equal(detectScript('Synthetic محمد'), 'mixed');
    assert.equal(detectScript('Доку Doku'), 'mixed');
    assert.equal(detectScript('12345 -'), 'other');
    assert.equal(detectScript(''), 'other');
    assert.equal(detectScript('김정은'), 'other');
  });
});
