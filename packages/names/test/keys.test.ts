/** spellingKey and phoneticKey: the spelling families of one name meet on one key, across scripts. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { phoneticKey, spellingKey } from '../src/index.ts';

function sameKey(key: (s: string) => string, forms: string[]): void {
  const keys = new Set(forms.map(key));
  assert.equal(keys.size, 1, `${forms.join(' / ')} → ${[...keys].join(', ')}`);
}

describe('spellingKey', () => {
  test('spelling families of common Arabic names, with their Arabic-script form', () => {
    sameKey(spellingKey, ['Muhammad', 'Mohammed', 'Mohamed', 'Mohammad', 'Muhamad', 'MOHD', 'محمد', 'مُحَمَّد']);
    sameKey(spellingKey, ['Husayn', 'Hussein', 'Hussain', 'Husain', 'حسين']);
    sameKey(spellingKey, ['Yusuf', 'Youssef', 'Yousef', 'Yusef', 'يوسف']);
    sameKey(spellingKey, ['Qasim', 'Kassem', 'Kasim', 'Qassim', 'قاسم']);
    sameKey(spellingKey, ['Abdul', 'Abd', 'Abdel', 'Abdal', 'Abdoul', 'عبد']);
    sameKey(spellingKey, ['Ahmad', 'Ahmed', 'أحمد', 'احمد']);
    sameKey(spellingKey, ['Hamza', 'Hamzah', 'حمزة']);
    sameKey(spellingKey, ['Ibrahim', 'Ebrahim', 'إبراهيم']);
    sameKey(spellingKey, ['Umar', 'Omar', 'عمر']);
  });
  test('Cyrillic forms meet their Latin spelling', () => {
    sameKey(spellingKey, ['Умаров', 'Umarov']);
    sameKey(spellingKey, ['Магомед', 'Magomed', 'Maghomed']);
  });
  test('a leading article is dropped, hyphenated parts keyed separately', () => {
    assert.equal(spellingKey('al-Tikriti'), spellingKey('التكريتي'));
    assert.equal(spellingKey('al-Tikriti'), 'tkrt');
    assert.equal(spellingKey('Seit-Umarovich'), 'st-amrvch');
  });
  test('distinct names keep distinct keys', () => {
    assert.notEqual(spellingKey('Khalid'), spellingKey('Walid'));
    assert.notEqual(spellingKey('Saddam'), spellingKey('Salim'));
    assert.equal(spellingKey(''), '');
  });
});

describe('phoneticKey', () => {
  test('merges letter classes that transliterations swap', () => {
    sameKey(phoneticKey, ['Magomed', 'Maghomed', 'Mukhamed', 'Makhamed']);
    sameKey(phoneticKey, ['Kazim', 'Qasim', 'Kashim']);
    sameKey(phoneticKey, ['Fayez', 'Fayes', 'فايز']);
    sameKey(phoneticKey, ['Ismailov', 'Izmaylov', 'Измайлов']);
    assert.equal(phoneticKey('Muhammad'), 'MHMT');
  });
  test('is coarser than the spelling key: names with one spelling key share their phonetic key', () => {
    assert.notEqual(spellingKey('Ismailov'), spellingKey('Izmaylov'));
    for (const [a, b] of [['Mohammed', 'محمد'], ['Kassem', 'Qasim'], ['Hussein', 'Husayn'], ['Umarov', 'Умаров']] as const) {
      assert.equal(spellingKey(a), spellingKey(b));
      assert.equal(phoneticKey(a), phoneticKey(b));
    }
  });
  test('keeps different consonant skeletons apart', () => {
    assert.notEqual(phoneticKey('Khalid'), phoneticKey('Walid'));
    assert.notEqual(phoneticKey('Rashid'), phoneticKey('Rahim'));
  });
});
