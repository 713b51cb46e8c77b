/**
 * An entity-reference input: holds an entity id, and offers search-as-you-type through
 * `/api/search` (restricted to the property's range schema) as an ARIA combobox.
 */
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { api } from '../api/client.ts';
import type { SearchHit } from '../api/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useSchema } from '../schema/SchemaProvider.tsx';

interface Props {
  readonly id: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly range?: string;
  readonly caseId?: string;
  readonly testId: string;
  readonly describedBy?: string;
  readonly invalid?: boolean;
}

export function EntityRefInput({ id, value, onChange, range, caseId, testId, describedBy, invalid }: Props) {
  const { t } = useI18n();
  const { label } = useSchema();
  const listId = useId();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<readonly SearchHit[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [picked, setPicked] = useState<SearchHit | null>(null);

  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      setHits([]);
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api.search({ q, schema: range, caseId, limit: 8 }, controller.signal).then(
        (page) => {
          setHits(page.items);
          setActive(-1);
          setOpen(true);
        },
        () => setHits([]),
      );
    }, 300);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [query, range, caseId]);

  function choose(hit: SearchHit): void {
    onChange(hit.id);
    setPicked(hit);
    setQuery('');
    setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (!open || hits.length === 0) return;
    if (event.key === 'ArrowDown') setActive((a) => (a + 1) % hits.length);
    else if (event.key === 'ArrowUp') setActive((a) => (a <= 0 ? hits.length - 1 : a - 1));
    else if (event.key === 'Enter' && active >= 0) choose(hits[active]!);
    else if (event.key === 'Escape') setOpen(false);
    else return;
    event.preventDefault();
  }

  const showList = open && query.trim().length >= 2;
  return (
    <div className="combo">
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        placeholder={t('form.entitySearchPlaceholder')}
        value={query || value}
        data-testid={testId}
        onChange={(e) => {
          setQuery(e.target.value);
          setPicked(null);
          onChange(e.target.value);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
      />
      {picked && value === picked.id && (
        <span className="muted small combo-picked">{picked.caption} · {label(picked.schema)}</span>
      )}
      {showList && (
        <ul id={listId} role="listbox" className="combo-list" data-testid={`${testId}-options`}>
          {hits.length === 0 && <li className="muted" role="presentation">{t('search.noResults')}</li>}
          {hits.map((hit, i) => (
            <li
              key={hit.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(hit);
              }}
            >
              <span>{hit.caption}</span> <span className="muted small">{label(hit.schema)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
