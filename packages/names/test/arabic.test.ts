/** foldArabic and romaniseArabic: one written form per name, and a Latin skeleton lists agree with. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { foldArabic, romaniseArabic } from '../src/index.ts';

describe('foldArabic', () => {
  test('alef variants become bare alef', () => {
    assert.equal(foldArabic('أحمد'), 'احمد');
    assert.equal(foldArabic('إبراهيم'), 'ابراهيم');
    assert.equal(foldArabic('آمنة'), 'امنه');
    assert.equal(foldArabic('ٱلله'), 'الله');
  });
  test('hamza carriers, lone hamza, ta marbuta, alef maqsura', () => {
    assert.equal(foldArabic('مؤمن'), 'مومن');
    assert.equal(foldArabic('فائز'), 'فايز');
    assert.equal(foldArabic('علاء'), 'علا');
    assert.equal(foldArabic('حمزة'), 'حمزه');
    assert.equal(foldArabic('يحيى'), 'يحيي');
    assert.equal(foldArabic('عيسى'), foldArabic('عيسي'));
  });
  test('Persian and Urdu letter forms fold to the Arabic base letters', () => {
    assert.equal(foldArabic('ولی'), 'ولي');
    assert.equal(foldArabic('کریم'), 'كريم');
    assert.equal(foldArabic('گل'), 'كل');
    assert.equal(foldArabic('پ چ ژ'), 'ب ج ز');
    assert.equal(foldArabic('اللہ'), 'الله');
  });
  test('tatweel and harakat are removed', () => {
    assert.equal(foldArabic('مُحَمَّد'), 'محمد');
    assert.equal(foldArabic('سليــوة'), 'سليوه');
  });
  test('Arabic-Indic and extended digits become ASCII digits; other text is untouched', () => {
    assert.equal(foldArabic('١٢٣ ۴۵۶'), '123 456');
    assert.equal(foldArabic('Synthetic Witness'), 'Synthetic Witness');
  });
});

describe('romaniseArabic', () => {
  test('writes the consonant skeleton; unwritten short vowels stay absent', () => {
    assert.equal(romaniseArabic('محمد'), 'mhmd');
    assert.equal(romaniseArabic('يوسف'), 'yusf');
    assert.equal(romaniseArabic('خولة'), 'khula');
  });
  test('the joined article is written "al-", the divine name "allah", particles in their list spelling', () => {
    assert.equal(romaniseArabic('صدام حسين التكريتي'), 'sdam hsin al-tkriti');
    assert.equal(romaniseArabic('عبد الله بن عمر'), 'abd allah bin amr');
    assert.equal(romaniseArabic('والجهاد'), 'wal-jhad');
  });
  test('initial ain is a vowel, medial ain an apostrophe; diacritics and hamza forms do not change the result', () => {
    assert.equal(romaniseArabic('عمر'), 'amr');
    assert.equal(romaniseArabic('سعد'), "s'd");
    assert.equal(romaniseArabic('مُحَمَّد'), romaniseArabic('محمد'));
  });
  test('leaves Latin text as it is', () => {
    assert.equal(romaniseArabic('Synthetic محمد'), 'Synthetic mhmd');
  });
});
