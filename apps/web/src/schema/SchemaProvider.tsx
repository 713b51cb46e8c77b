/** Loads the schema views in the active locale once per locale and shares them. */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from '../api/client.ts';
import type { ApiError } from '../api/problem.ts';
import type { SchemaResponse } from '../api/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

type SchemaState = { model: SchemaResponse | null; error: ApiError | null };

const SchemaContext = createContext<SchemaState>({ model: null, error: null });
const cache = new Map<string, SchemaResponse>();

export function SchemaProvider({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  const [state, setState] = useState<SchemaState>(() => ({ model: cache.get(locale) ?? null, error: null }));

  useEffect(() => {
    const cached = cache.get(locale);
    if (cached) {
      setState({ model: cached, error: null });
      return;
    }
    const controller = new AbortController();
    api.schema(locale, controller.signal).then(
      (model) => {
        cache.set(locale, model);
        setState({ model, error: null });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState((s) => ({ model: s.model, error: error as ApiError }));
      },
    );
    return () => controller.abort();
  }, [locale]);

  return <SchemaContext.Provider value={state}>{children}</SchemaContext.Provider>;
}

export function useSchema(): SchemaState & { label: (schema: string) => string } {
  const state = useContext(SchemaContext);
  return { ...state, label: (schema) => state.model?.schemata[schema]?.label ?? schema };
}
