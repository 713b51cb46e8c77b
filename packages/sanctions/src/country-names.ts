/**
 * Turns the country names the lists print ("Egypt", "Syrian Arab Republic") into the model's
 * country codes, using the model's own country labels (FtM and CLDR English) plus the few UN
 * spellings that differ. Unknown names give null so the caller can keep the text elsewhere.
 */
import type { AriadneModel } from '@ariadne/schema';

const UN_SPELLINGS: Readonly<Record<string, string>> = {
  'democratic republic of the congo': 'cd',
  'congo, democratic republic of the': 'cd',
  'russian federation': 'ru',
  'syrian arab republic': 'sy',
  'iran (islamic republic of)': 'ir',
  'iran': 'ir',
  "democratic people's republic of korea": 'kp',
  'korea, north': 'kp',
  'republic of korea': 'kr',
  'korea, south': 'kr',
  'united republic of tanzania': 'tz',
  'united kingdom of great britain and northern ireland': 'gb',
  'united states of america': 'us',
  'viet nam': 'vn',
  'türkiye': 'tr',
  'turkey': 'tr',
  'bolivia (plurinational state of)': 'bo',
  'venezuela (bolivarian republic of)': 've',
  'state of palestine': 'ps',
  'palestinian territories': 'ps',
  'lao people\'s democratic republic': 'la',
  'republic of moldova': 'md',
  'burma': 'mm',
  'congo': 'cg',
  'china, hong kong special administrative region': 'hk',
};

export type CountryResolver = (name: string) => string | null;

/** @example makeCountryResolver(loadModel())('Egypt') // 'eg' */
export function makeCountryResolver(model: AriadneModel): CountryResolver {
  const byName = new Map<string, string>(Object.entries(UN_SPELLINGS));
  for (const locale of ['en'] as const) {
    for (const [code, label] of Object.entries(model.typeValues('country', locale))) {
      if (!byName.has(label.toLowerCase())) byName.set(label.toLowerCase(), code);
      byName.set(code, code);
    }
  }
  for (const [code, label] of model.ftm.types.country?.values ?? []) {
    if (!byName.has(label.toLowerCase())) byName.set(label.toLowerCase(), code);
  }
  return (name) => byName.get(name.trim().replace(/\s+/g, ' ').replace(/\.$/, '').toLowerCase()) ?? null;
}
