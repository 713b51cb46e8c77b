/**
 * Type-ahead over the loaded nodes (ARIA combobox): picking one centres the camera on it and
 * selects it. The text typed stays in this component; it never reaches a URL or the server.
 */
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { CaptionIndex, SearchHit } from './caption-search.ts';

export function NodeSearch({ index, onPick }: { index: CaptionIndex; onPick: (id: string) => void }) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  // the list shows while the box has focus and holds text the user typed (not the name just picked)
  const [focused, setFocused] = useState(false);
  const [picked, setPicked] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const hits = useMemo(() => index.search(query, 8), [index, query]);

  function pick(hit: SearchHit): void {
    onPick(hit.id);
    setQuery(hit.caption);
    setPicked(hit.caption);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setPicked(null);
      setActive((a) => Math.min(hits.length - 1, a + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const hit = hits[active] ?? hits[0];
      if (hit) pick(hit);
    } else if (event.key === 'Escape') {
      setPicked(query);
    }
  }

  const showList = focused && query.trim() !== '' && query !== picked;
  return (
    <div className="combo network-search">
      <label htmlFor="network-search" className="sr-only">{t('network.search')}</label>
      <input id="network-search" type="search" role="combobox" aria-expanded={showList} aria-controls="network-search-list" aria-autocomplete="list"
        aria-activedescendant={showList && hits[active] ? `network-hit-${active}` : undefined} placeholder={t('network.searchPlaceholder')}
        value={query} dir="auto" autoComplete="off" data-testid="network-search"
        onChange={(e) => { setQuery(e.target.value); setPicked(null); setActive(0); }} onKeyDown={onKeyDown}
        onBlur={() => setFocused(false)} onFocus={() => setFocused(true)} />
      {showList && (
        <ul id="network-search-list" role="listbox" className="combo-list" data-testid="network-search-hits">
          {hits.length === 0 ? <li className="muted small">{t('network.noHits')}</li> : hits.map((hit, i) => (
            <li key={hit.id} id={`network-hit-${i}`} role="option" aria-selected={i === active} className={i === active ? 'active' : undefined}
              onMouseDown={(e) => e.preventDefault()} onClick={() => pick(hit)} data-testid="network-search-hit" data-id={hit.id}>
              <span dir="auto">{hit.caption}</span> <span className="muted small">{hit.schema}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
