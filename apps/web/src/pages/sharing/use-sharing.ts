/**
 * Hooks the sharing pages share: the partners and cases by id (to name them in lists), the
 * context that turns terms into sentences in the UI language, and a calendar day's formatting.
 */
import { useMemo } from 'react';
import { api } from '../../api/client.ts';
import { sharingApi } from '../../api/sharing.ts';
import type { Partner } from '../../api/sharing-types.ts';
import type { Case } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useSchema } from '../../schema/SchemaProvider.tsx';
import type { ApiError } from '../../api/problem.ts';
import type { TermsTextContext } from './terms-text.ts';

export interface Directory {
  readonly partners: readonly Partner[];
  readonly cases: readonly Case[];
  readonly partnerName: (id: string | null | undefined) => string;
  readonly caseName: (id: string | null | undefined) => string;
  readonly error: ApiError | null;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** the first 200 partners and cases: enough to name what a list shows (ids otherwise) */
export function useDirectory(): Directory {
  const partners = useAsync(() => sharingApi.partners({ limit: 200 }), []);
  const cases = useAsync(() => api.listCases({ limit: 200 }), []);
  return useMemo(() => {
    const p = partners.data?.items ?? [];
    const c = cases.data?.items ?? [];
    const pById = new Map(p.map((x) => [x.id, x.name]));
    const cById = new Map(c.map((x) => [x.id, x.name]));
    return {
      partners: p,
      cases: c,
      partnerName: (id) => (id ? pById.get(id) ?? id : '—'),
      caseName: (id) => (id ? cById.get(id) ?? id : '—'),
      error: partners.error ?? cases.error,
      loading: partners.loading || cases.loading,
      reload: () => {
        partners.reload();
        cases.reload();
      },
    };
  }, [partners.data, partners.error, partners.loading, cases.data, cases.error, cases.loading, partners.reload, cases.reload]);
}

/** a YYYY-MM-DD calendar day, read in the UI language (no time zone shift) */
export function useFormatDay(): (day: string) => string {
  const { locale } = useI18n();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    return (day: string) => {
      const date = new Date(`${day}T00:00:00Z`);
      return Number.isNaN(date.getTime()) ? day : format.format(date);
    };
  }, [locale]);
}

/** what `describeTerms` needs, from the active language and schema */
export function useTermsTextContext(): TermsTextContext {
  const { t, locale, formatNumber } = useI18n();
  const { model, label } = useSchema();
  const formatDay = useFormatDay();
  return useMemo(() => ({
    t,
    schemaLabel: label,
    propertyLabel: (schema: string, prop: string) => model?.schemata[schema]?.properties[prop]?.label || prop,
    formatNumber,
    formatDay,
    separator: locale === 'ar' ? '، ' : ', ',
  }), [t, label, model, formatNumber, formatDay, locale]);
}

/** a package's count by its key, with a label when the UI knows the key */
export function useCountLabel(): (key: string) => string {
  const { t } = useI18n();
  return (key: string) => {
    const messageKey = `sharing.count.${key}`;
    const text = t(messageKey);
    return text === messageKey ? key : text;
  };
}
