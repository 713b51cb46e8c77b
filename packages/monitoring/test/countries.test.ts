import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  COUNTRIES, countryName, foldCountryName, getCountry, resolveCountry, MAX_COUNTRY_TEXT_LENGTH,
} from '../src/places/countries.ts';

const fixture = (name: string): [string, string][] => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const codeOf = (text: string): string | undefined => resolveCountry(text).code;
const reasonOf = (text: string): string => {
  const result = resolveCountry(text);
  assert.equal(result.code, undefined, `${text} should not resolve`);
  return 'reason' in result ? result.reason : '';
};

describe('the ISO 3166-1 table', () => {
  test('holds the 249 assigned entries, each code unique and well formed', () => {
    assert.equal(COUNTRIES.length, 249);
    for (const key of ['alpha2', 'alpha3', 'numeric'] as const) assert.equal(new Set(COUNTRIES.map((c) => c[key])).size, 249, key);
    for (const c of COUNTRIES) {
      assert.match(c.alpha2, /^[A-Z]{2}$/);
      assert.match(c.alpha3, /^[A-Z]{3}$/);
      assert.match(c.numeric, /^\d{3}$/, 'numeric codes are 3-digit strings, as world-atlas writes them');
      for (const lang of ['en', 'fr', 'ar'] as const) assert.ok(c.names[lang].length > 1, `${c.alpha2} ${lang}`);
      assert.match(c.names.ar, /[\u0600-\u06FF]/, `${c.alpha2} has an Arabic name in Arabic script`);
    }
  });

  test('every alpha-2, alpha-3 and numeric code, and every name, resolves back to its country', () => {
    for (const c of COUNTRIES) {
      for (const text of [c.alpha2, c.alpha3, c.numeric, c.alpha2.toLowerCase(), c.alpha3.toLowerCase(), ` ${c.alpha3} `, c.names.en, c.names.fr, c.names.ar, c.names.en.toUpperCase()]) {
        assert.equal(codeOf(text), c.alpha2, `${text} → ${c.alpha2}`);
      }
      assert.equal(getCountry(c.alpha3), c);
      assert.equal(getCountry(c.numeric), c);
    }
  });

  test('some codes checked by hand', () => {
    assert.deepEqual(getCountry('SY'), { alpha2: 'SY', alpha3: 'SYR', numeric: '760', names: { en: 'Syrian Arab Republic', fr: 'République arabe syrienne', ar: 'الجمهورية العربية السورية' } });
    assert.equal(getCountry('AF')!.numeric, '004');
    assert.equal(getCountry('SS')!.alpha3, 'SSD');
    assert.equal(getCountry('XK'), undefined, 'Kosovo has no ISO code');
  });

  test('numeric codes may lose their leading zeros (spreadsheets) and still resolve', () => {
    assert.equal(codeOf('4'), 'AF');
    assert.equal(codeOf('04'), 'AF');
    assert.equal(codeOf('8'), 'AL');
    assert.equal(getCountry('4')!.alpha2, 'AF');
  });

  test('every country id in the world-atlas map resolves (so every map feature can be joined)', () => {
    const ids = fixture('world-atlas-country-ids.json');
    assert.ok(ids.length > 200);
    for (const [id, naturalEarthName] of ids) {
      const country = getCountry(id);
      assert.ok(country, `world-atlas id ${id} (${naturalEarthName})`);
      assert.equal(codeOf(naturalEarthName), country.alpha2, `Natural Earth name ${naturalEarthName}`);
    }
  });
});

describe('names in other spellings', () => {
  test('the variants the brief lists', () => {
    const expected: Record<string, string> = {
      Syria: 'SY', 'Syrian Arab Republic': 'SY',
      'Türkiye': 'TR', Turkiye: 'TR', Turkey: 'TR',
      "Côte d'Ivoire": 'CI', 'Côte d’Ivoire': 'CI', 'COTE D IVOIRE': 'CI', 'Ivory Coast': 'CI',
      'Democratic Republic of the Congo': 'CD', 'DR Congo': 'CD', 'Congo, Dem. Rep.': 'CD',
      'Iran (Islamic Republic of)': 'IR', Iran: 'IR',
      'State of Palestine': 'PS', Palestine: 'PS',
      Myanmar: 'MM', Burma: 'MM',
    };
    for (const [text, code] of Object.entries(expected)) assert.equal(codeOf(text), code, text);
  });

  test('ACLED, ISO, World Bank and everyday English names', () => {
    const expected: Record<string, string> = {
      'Democratic Republic of Congo': 'CD', 'Republic of Congo': 'CG', Congo: 'CG', 'Congo, Rep.': 'CG',
      eSwatini: 'SZ', Swaziland: 'SZ', 'Czech Republic': 'CZ', Russia: 'RU', 'North Korea': 'KP', 'South Korea': 'KR',
      'Korea, Republic of': 'KR', "Korea, Dem. People's Rep.": 'KP', Laos: 'LA', 'Lao PDR': 'LA', Vietnam: 'VN', 'East Timor': 'TL',
      'United States': 'US', USA: 'US', 'U.S.A.': 'US', UK: 'GB', 'United Kingdom': 'GB', 'Bosnia and Herzegovina': 'BA',
      'The Gambia': 'GM', 'Gambia, The': 'GM', 'Venezuela, RB': 'VE', 'Micronesia': 'FM', Macedonia: 'MK', 'Cape Verde': 'CV',
      'Saint Kitts and Nevis': 'KN', 'St Kitts & Nevis': 'KN', 'St. Lucia': 'LC', 'Caribbean Netherlands': 'BQ',
      'Occupied Palestinian Territory': 'PS', 'Hong Kong': 'HK', Macau: 'MO', Taiwan: 'TW', 'Vatican City': 'VA', Zaire: 'CD',
      'Guinea Bissau': 'GW', 'Timor-Leste': 'TL', 'Dem. Rep. Congo': 'CD', 'S. Sudan': 'SS', Sudan: 'SD', Niger: 'NE', Nigeria: 'NG',
    };
    for (const [text, code] of Object.entries(expected)) assert.equal(codeOf(text), code, text);
  });

  test('French and Arabic names, with or without accents, hamza or ta marbuta', () => {
    assert.equal(codeOf('Tchad'), 'TD');
    assert.equal(codeOf('Syrie'), 'SY');
    assert.equal(codeOf('REPUBLIQUE DEMOCRATIQUE DU CONGO'), 'CD');
    assert.equal(codeOf('Soudan du Sud'), 'SS');
    assert.equal(codeOf('العراق'), 'IQ');
    assert.equal(codeOf('سوريا'), 'SY');
    assert.equal(codeOf('اليمن'), 'YE');
    assert.equal(codeOf('أفغانستان'), 'AF');
    assert.equal(codeOf('افغانستان'), 'AF', 'alef written without its hamza');
    assert.equal(codeOf('الجمهورية العربية السورية'), 'SY');
    assert.equal(codeOf('الجمهوريه العربيه السوريه'), 'SY', 'ta marbuta written as ha');
  });

  test('GLOTIP: every country name of the 2023 release resolves to the code GLOTIP gives it', () => {
    const pairs = fixture('glotip-country-names.json');
    assert.equal(pairs.length, 199);
    for (const [iso3, name] of pairs) {
      const country = getCountry(iso3);
      assert.ok(country, `GLOTIP code ${iso3}`);
      assert.equal(codeOf(name), country.alpha2, `GLOTIP name ${name}`);
    }
  });

  test('GLOTIP: spellings of its citizenship categories', () => {
    const expected: Record<string, string> = {
      'Dem. Rep. of the Congo': 'CD', "Lao People's Dem. Republic": 'LA', 'China, Hong Kong SAR': 'HK',
      'China, Taiwan Province of China': 'TW', 'Tanzania, United Republic of': 'TZ', 'The former Yugoslav Republic of Macedonia': 'MK',
      'Netherlands (Kingdom of the)': 'NL', 'St Vincent and the Grenadines': 'VC', "Cote d'ivoire": 'CI', Bosnia: 'BA', 'The Ukraine': 'UA',
      Sark: 'GG',
    };
    for (const [text, code] of Object.entries(expected)) assert.equal(codeOf(text), code, text);
  });
});

describe('texts that name no single country say why', () => {
  test('GLOTIP areas and aggregates', () => {
    assert.match(reasonOf('Kosovo under UNSCR 1244'), /Kosovo.*no ISO 3166-1 code/);
    assert.match(reasonOf('Kosovo (under UNSC res. 1244)'), /no ISO 3166-1 code/);
    assert.match(reasonOf('XK'), /user-assigned/);
    assert.match(reasonOf('Aruba/Curacao'), /aggregate of Aruba \(AW\) and Curaçao \(CW\)/);
    assert.match(reasonOf('EEU'), /GLOTIP regional aggregate/);
    assert.match(reasonOf('CAR'), /ambiguous.*Central African Republic \(CF\)/);
    assert.match(reasonOf('M49 Region: Africa'), /UN M49 region/);
    assert.match(reasonOf('419'), /UN M49 region/);
    assert.match(reasonOf('Channel Islands'), /Guernsey \(GG\) and Jersey \(JE\)/);
  });

  test('dissolved states and withdrawn codes', () => {
    assert.match(reasonOf('Former Yugoslavia'), /Yugoslavia no longer exists/);
    assert.match(reasonOf('The former Netherlands Antilles'), /dissolved in 2010/);
    assert.match(reasonOf('AN'), /Netherlands Antilles/);
    assert.match(reasonOf('Former Czechoslovakia'), /1993/);
    assert.match(reasonOf('USSR'), /1991/);
    assert.match(reasonOf('CS'), /withdrawn/);
    assert.match(reasonOf('736'), /former Sudan/);
  });

  test('ambiguous names', () => {
    assert.match(reasonOf('Korea'), /ambiguous.*\(KR\).*\(KP\)/);
    assert.match(reasonOf('Virgin Islands'), /ambiguous/);
  });

  test('words that are not countries; "N/A" is not Namibia, though "NA" is', () => {
    assert.match(reasonOf('Stateless'), /names no country/);
    assert.match(reasonOf('Unknown'), /names no country/);
    assert.match(reasonOf('Nationals'), /names no country/);
    assert.match(reasonOf('n/a'), /names no country/);
    assert.equal(codeOf('NA'), 'NA');
  });

  test('unknown names, empty, junk and huge input', () => {
    assert.equal(reasonOf('Phillipines'), 'not a known country name or ISO 3166-1 code');
    assert.equal(reasonOf('Atlantis'), 'not a known country name or ISO 3166-1 code');
    assert.equal(reasonOf('QQ'), 'not a known country name or ISO 3166-1 code');
    assert.match(reasonOf('999'), /not an ISO 3166-1 numeric/);
    assert.equal(reasonOf(''), 'empty');
    assert.equal(reasonOf('   '), 'empty');
    assert.match(reasonOf('!!! ---'), /no letters or digits/);
    assert.match(reasonOf('x'.repeat(MAX_COUNTRY_TEXT_LENGTH + 1)), /longer than 200/);
    assert.match(reasonOf('Iraq'.repeat(10_000_000 / 4)), /longer than/);
    assert.equal(reasonOf(undefined as never), 'not text');
  });
});

describe('names for reports', () => {
  test('English (UN M49), French and Arabic', () => {
    assert.equal(countryName('CD'), 'Democratic Republic of the Congo');
    assert.equal(countryName('CD', 'fr'), 'République démocratique du Congo');
    assert.equal(countryName('CD', 'ar'), 'جمهورية الكونغو الديمقراطية');
    assert.equal(countryName('PS', 'fr'), 'État de Palestine');
    assert.equal(countryName('TR'), 'Türkiye');
    assert.equal(countryName('IRQ', 'ar'), 'العراق');
    assert.equal(countryName('368'), 'Iraq');
  });

  test('only ISO codes have names: aliases, unknown codes and junk give undefined', () => {
    assert.equal(countryName('UK'), undefined);
    assert.equal(countryName('XK'), undefined);
    assert.equal(countryName('Iraq'), undefined);
    assert.equal(countryName(''), undefined);
  });

  test('folding: case, accents, punctuation, invisible characters, "&", "St." and a leading "the"', () => {
    assert.equal(foldCountryName('Ira\u200Bq\u200F'), 'iraq', 'zero-width space and a bidi mark from a copy-paste');
    assert.equal(foldCountryName('  Côte d’Ivoire '), 'cotedivoire');
    assert.equal(foldCountryName('The Bahamas'), 'bahamas');
    assert.equal(foldCountryName('St. Kitts & Nevis'), 'saintkittsandnevis');
    assert.equal(foldCountryName('The'), 'the');
  });
});
