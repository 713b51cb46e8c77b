/**
 * Names shown for codes the analyses return: countries (from the offline ISO table the map
 * uses) and hot spot categories (the map's translated keys), falling back to the code itself.
 */
import { countryByAlpha2, type CountryLanguage } from './map/basemap.ts';
import { hotspotMessageKey } from './map/hexagon-layer.ts';

/** "Testland (XX)" style: the name in the page's language, the code kept for the record. */
export function countryName(code: string, locale: string): string {
  const info = countryByAlpha2(code);
  const language: CountryLanguage = locale === 'fr' || locale === 'ar' ? locale : 'en';
  return info ? info.names[language] : code;
}

/** The emerging hot spot category in words, or as the server wrote it when it is not a known one. */
export function categoryName(category: string, t: (key: string) => string): string {
  const key = hotspotMessageKey(category);
  return key ? t(key) : category;
}
