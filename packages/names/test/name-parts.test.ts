/**
 * What the tokens tell the matcher from ariadne-name-v5 on: the part after a compound's head,
 * a part without its glued article, a short "ch" part read with "j", organisations' legal forms
 * and Arabic connectives as no evidence, the divine name and -ud-din written apart, the short
 * spellings' deletion keys, and the spelling form keys are checked against. Synthetic names.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nameTokens, romaniseArabic, spellingForm, spellingKey, spellingTypoKeys } from '../src/index.ts';

const texts = (s: string) => nameTokens(s).map((t) => `${t.role === 'name' ? '' : `${t.role}:`}${t.text}`);
const names = (s: string) => nameTokens(s).filter((t) => t.role === 'name').map((t) => t.text);

describe('compound parts', () => {
  test('an abd/abu/umm compound carries the part after its head, keyed on its own', () => {
    const [t] = nameTokens('Abdul Zorvath');
    assert.equal(t?.text, 'abd-zorvath');
    assert.equal(t?.tail?.text, 'zorvath');
    assert.equal(t?.tail?.key, spellingKey('Zorvath'));
    assert.equal(nameTokens('Abu Zorvath')[0]?.tail?.text, 'zorvath');
    assert.equal(nameTokens('Zorvath')[0]?.tail, undefined);
  });
  test('a glued article after a separate abd goes as it does glued ("Abdel Olhassan" is "Abdolhassan")', () => {
    assert.deepEqual(texts('Abdel Olzorvath'), texts('Abdolzorvath'));
    assert.deepEqual(texts('Abdul Elzorvath'), ['abd-zorvath']);
    // not a short part that merely starts with a vowel and l
    assert.deepEqual(texts('Abdul Alim'), ['abd-alim']);
    assert.deepEqual(texts('Abdul Allah'), texts('Abdullah'));
  });
});

describe('other readings of a part', () => {
  test('an article written glued: the part without it is an alternative, not a replacement', () => {
    const [t] = nameTokens('Alzorvani');
    assert.equal(t?.text, 'alzorvani');
    assert.equal(t?.unglued?.key, spellingKey('al-Zorvani'));
    assert.equal(nameTokens('Essabrov')[0]?.unglued?.text, 'sabrov');
    assert.equal(nameTokens('Elzorvat')[0]?.unglued?.text, 'zorvat');
    // al before a vowel, or too little after it, is not an article
    assert.equal(nameTokens('Alireza')[0]?.unglued, undefined);
    assert.equal(nameTokens('Alexander')[0]?.unglued, undefined);
    assert.equal(nameTokens('Alma')[0]?.unglued, undefined);
  });
  test('a short part in "ch" and a vowel is also read with "j" (Korean Cho/Jo)', () => {
    assert.equal(nameTokens('Cho')[0]?.reading?.text, 'jo');
    assert.equal(nameTokens('Chae')[0]?.reading?.text, 'jae');
    assert.equal(nameTokens('Chong')[0]?.reading?.text, 'jong');
    assert.equal(nameTokens('Chongsuk')[0]?.reading, undefined);
    assert.equal(nameTokens('Chaudhry')[0]?.reading, undefined);
    assert.equal(nameTokens('Jo')[0]?.reading, undefined);
  });
  test('very long parts get no alternatives (hostile input stays cheap)', () => {
    const t = nameTokens(`abd ${'z'.repeat(200)}`)[0];
    assert.equal(t?.tail, undefined);
  });
});

describe('words that are no name evidence', () => {
  test("organisations' legal forms, written in full, abbreviated or translated, are particles", () => {
    assert.deepEqual(names('Zorvath Shipping Company Limited'), names('Zorvath Shipping Co Ltd'));
    assert.deepEqual(names('Zorvath Anstalt'), names('Zorvath Establishment'));
    assert.deepEqual(names('Zorvath Corporation'), ['zorvath']);
    // one typing slip in a long legal form still reads as it
    assert.deepEqual(names('Zorvath Compyany'), ['zorvath']);
    assert.deepEqual(names('Zorvath Corporateon'), ['zorvath']);
    // …but not in a short one, nor in a word that only looks like one
    assert.deepEqual(names('Zorvath Cox'), ['zorvath', 'cox']);
  });
  test('OFAC abbreviations are read in full', () => {
    assert.deepEqual(names('Zorvath SHPG'), names('Zorvath Shipping'));
    assert.deepEqual(names('Zorvath Intl Trading'), names('Zorvath International Trading'));
  });
  test('Arabic "and" and "in" written apart are connectives', () => {
    assert.deepEqual(texts('Jaysh Zorvath wa Testiyin'), ['jaysh', 'zorvath', 'particle:wa', 'testiyin']);
    assert.deepEqual(texts('Zorvath fi Testistan'), ['zorvath', 'particle:fi', 'testistan']);
    assert.deepEqual(nameTokens('زورفات و تستين').map((t) => t.role), ['name', 'particle', 'name']);
  });
  test('names of object properties are names like any other (no prototype lookups)', () => {
    for (const s of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      assert.deepEqual(texts(`Zorvath ${s}`).length, 2, s);
      assert.ok(nameTokens(`Zorvath ${s}`).every((t) => typeof t.text === 'string' && typeof t.key === 'string'), s);
    }
  });
});

describe('second elements written apart', () => {
  test('the divine name and -ud-din written apart are spelt as they are split when glued', () => {
    assert.deepEqual(names('Zorv Ullah'), names('Zorvullah'));
    assert.deepEqual(names('Zorv Ellah'), ['zorv', 'allah']);
    assert.deepEqual(names('Nor Eldin'), ['nor', 'din']);
    assert.deepEqual(names('Salah Uddin'), ['salah', 'din']);
    // a short name that happens to look like the divine name is left alone
    assert.deepEqual(names('Zorvath Ulla'), ['zorvath', 'ulla']);
  });
});

describe('keys', () => {
  test('ظ is dh in the Arabic reading (Kadhim), z in the Persian (Kazim)', () => {
    assert.equal(romaniseArabic('كاظم'), 'kadhm');
    assert.equal(romaniseArabic('كاظم', 'persian'), 'kazm');
    const [t] = nameTokens('كاظم');
    assert.equal(t?.key, spellingKey('Kadhim'));
    assert.equal(t?.altKey, spellingKey('Kazim'));
  });
  test('deletion keys of short spellings meet one typo where the consonant keys do not', () => {
    const meet = (a: string, b: string) => spellingTypoKeys(a).some((k) => spellingTypoKeys(b).includes(k));
    assert.ok(meet('rua', 'ruba')); // a letter dropped from a short part
    assert.ok(meet('mkorvo', 'morvo')); // a letter added
    assert.ok(meet('nomez', 'gomez')); // the first letter changed
    assert.ok(meet('govorux', 'govorun')); // x keys as "ks": the consonant keys are two apart
    assert.ok(meet('amli', 'mali')); // two letters swapped
    assert.ok(!meet('zorvath', 'testiyin'));
    assert.deepEqual(spellingTypoKeys('ruba'), ['ruba', 'uba', 'rba', 'rua', 'rub']);
    assert.deepEqual(spellingTypoKeys('ru'), []);
    assert.deepEqual(spellingTypoKeys('zorvathine'), []);
    assert.deepEqual(spellingTypoKeys('abd-zorv'), []);
  });
  test('the spelling form unifies letter families but keeps the vowels', () => {
    assert.equal(spellingForm('qassim'), 'kasim');
    assert.equal(spellingForm('kassem'), 'kasem');
    assert.equal(spellingForm('hassan'), 'hasan');
    assert.equal(spellingKey('hassan'), spellingKey('hsien'));
    assert.notEqual(spellingForm('hassan'), spellingForm('hsien'));
  });
});
