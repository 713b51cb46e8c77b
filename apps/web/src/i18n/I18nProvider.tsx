/** React context for the active locale: `t`, date formatting and the language switch. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { directionOf, pickLocale, translate, type Locale, type Messages } from './i18n.ts';
import en from './en.json';
import ar from './ar.json';
import fr from './fr.json';

const MESSAGES: Readonly<Record<Locale, Messages>> = { en, ar, fr };
const STORAGE_KEY = 'ariadne.locale';

export interface I18n {
  readonly locale: Locale;
  readonly dir: 'ltr' | 'rtl';
  readonly t: (key: string, vars?: Readonly<Record<string, string | number>>) => string;
  readonly setLocale: (locale: Locale) => void;
  /** A timestamp (ISO 8601) as date and time in the active locale. */
  readonly formatDateTime: (iso: string | null | undefined) => string;
  readonly formatNumber: (n: number) => string;
}

const I18nContext = createContext<I18n | null>(null);

function storedLocale(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => pickLocale(storedLocale(), navigator.languages ?? []));

  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = directionOf(locale);
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode or storage disabled: the choice lasts for this page only.
    }
  }, []);

  const value = useMemo<I18n>(() => {
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const number = new Intl.NumberFormat(locale);
    return {
      locale,
      dir: directionOf(locale),
      t: (key, vars) => translate(MESSAGES[locale], key, vars, en),
      setLocale,
      formatDateTime: (iso) => {
        if (!iso) return '—';
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
      },
      formatNumber: (n) => number.format(n),
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
