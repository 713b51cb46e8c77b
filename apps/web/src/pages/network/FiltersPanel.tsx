/**
 * What the network is built from (sent to the server, which rebuilds it): a time window, the
 * relation kinds, shared identifiers, and the provenance sources seen in the loaded ties.
 */
import { useState, type FormEvent } from 'react';
import { RELATION_KINDS, type NetworkFilter, type RelationKind } from '../../api/network-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function FiltersPanel({ filter, sources, busy, onApply }: {
  filter: NetworkFilter;
  /** provenance sources to offer (from the ties loaded so far) */
  sources: readonly string[];
  busy: boolean;
  onApply: (filter: NetworkFilter) => void;
}) {
  const { t } = useI18n();
  const [from, setFrom] = useState(filter.from ?? '');
  const [to, setTo] = useState(filter.to ?? '');
  const [kinds, setKinds] = useState<ReadonlySet<RelationKind>>(new Set(filter.kinds?.length ? filter.kinds : RELATION_KINDS));
  const [shared, setShared] = useState(filter.sharedIdentifiers ?? true);
  const [picked, setPicked] = useState<readonly string[]>(filter.sources ?? []);
  const badRange = ISO_DATE.test(from) && ISO_DATE.test(to) && from > to;

  function toggleKind(kind: RelationKind, on: boolean): void {
    const next = new Set(kinds);
    if (on) next.add(kind);
    else next.delete(kind);
    setKinds(next);
  }

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (badRange || kinds.size === 0) return;
    onApply({
      from: ISO_DATE.test(from) ? from : undefined,
      to: ISO_DATE.test(to) ? to : undefined,
      // every kind ticked is no filter at all
      kinds: kinds.size === RELATION_KINDS.length ? undefined : RELATION_KINDS.filter((k) => kinds.has(k)),
      sources: picked.length ? picked : undefined,
      sharedIdentifiers: shared ? undefined : false,
    });
  }

  function reset(): void {
    setFrom('');
    setTo('');
    setKinds(new Set(RELATION_KINDS));
    setShared(true);
    setPicked([]);
    onApply({});
  }

  return (
    <form className="network-filters" onSubmit={submit} data-testid="network-filters">
      <div className="network-dates">
        <div className="field">
          <label htmlFor="network-from">{t('network.from')}</label>
          <input id="network-from" type="date" dir="ltr" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="filter-from" />
        </div>
        <div className="field">
          <label htmlFor="network-to">{t('network.to')}</label>
          <input id="network-to" type="date" dir="ltr" value={to} onChange={(e) => setTo(e.target.value)} data-testid="filter-to" aria-invalid={badRange} />
        </div>
      </div>
      {badRange && <p className="field-error">{t('network.badRange')}</p>}
      <fieldset className="field">
        <legend>{t('network.kinds')}</legend>
        <div className="checks">
          {RELATION_KINDS.map((kind) => (
            <label key={kind} className="check">
              <input type="checkbox" checked={kinds.has(kind)} onChange={(e) => toggleKind(kind, e.target.checked)} data-testid={`filter-kind-${kind}`} />
              {t(`network.kind.${kind}`)}
            </label>
          ))}
        </div>
        {kinds.size === 0 && <p className="field-error">{t('network.noKinds')}</p>}
      </fieldset>
      <label className="check field">
        <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} data-testid="filter-shared" />
        {t('network.sharedIdentifiers')}
      </label>
      {sources.length > 0 && (
        <div className="field">
          <label htmlFor="network-sources">{t('network.sources')}</label>
          <select id="network-sources" multiple size={Math.min(5, sources.length)} value={[...picked]} data-testid="filter-sources"
            onChange={(e) => setPicked([...e.target.selectedOptions].map((o) => o.value))}>
            {sources.map((s) => <option key={s} value={s} dir="ltr">{s}</option>)}
          </select>
          <p className="hint">{t('network.sourcesHint')}</p>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary btn-small" disabled={busy || badRange || kinds.size === 0} data-testid="filter-apply">{t('network.apply')}</button>
        <button type="button" className="btn btn-small" disabled={busy} onClick={reset} data-testid="filter-reset">{t('network.resetFilters')}</button>
      </div>
    </form>
  );
}
