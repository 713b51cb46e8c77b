/** An entity's properties; each value can reveal its provenance (the statements behind it). */
import { useState } from 'react';
import type { EntityDetail, SchemaResponse, SchemaView, Statement } from '../api/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Link } from '../router/router.tsx';
import { paths } from '../router/routes.ts';

function Provenance({ statements }: { statements: readonly Statement[] }) {
  const { t, formatDateTime } = useI18n();
  if (statements.length === 0) return <p className="muted small">{t('entity.noProvenance')}</p>;
  return (
    <div className="provenance" data-testid="provenance">
      {statements.map((s) => (
        <dl key={s.id} className="dl-grid small">
          <dt>{t('entity.source')}</dt><dd>{s.source ?? '—'}</dd>
          <dt>{t('entity.import')}</dt><dd><code>{s.importId ?? '—'}</code></dd>
          <dt>{t('entity.user')}</dt><dd><code>{s.userId ?? '—'}</code></dd>
          <dt>{t('entity.evidence')}</dt><dd><code>{s.evidenceId ?? '—'}</code></dd>
          <dt>{t('entity.firstSeen')}</dt><dd>{formatDateTime(s.firstSeen)}</dd>
          <dt>{t('entity.lastSeen')}</dt><dd>{formatDateTime(s.lastSeen)}</dd>
        </dl>
      ))}
    </div>
  );
}

function Value({ prop, value, type, label, statements }: { prop: string; value: string; type: string; label: string | undefined; statements: readonly Statement[] }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const id = `prov-${prop}-${value}`.replace(/[^\w-]/g, '_');
  return (
    <li className="value">
      <span className="value-text">
        {type === 'entity' ? <Link to={paths.entity(value)}><code>{value}</code></Link>
          : label ? <>{label} <code className="muted small">{value}</code></> : value}
      </span>
      <button type="button" className="btn-link small" aria-expanded={open} aria-controls={id}
        onClick={() => setOpen((o) => !o)} data-testid={`provenance-toggle-${prop}`}>
        {open ? t('entity.hideProvenance') : t('entity.showProvenance')}
      </button>
      {open && <div id={id}><Provenance statements={statements} /></div>}
    </li>
  );
}

export function PropertyTable({ entity, schema, codeLabels }: {
  entity: EntityDetail; schema: SchemaView | undefined;
  /** localized labels of code-list types (`country` → `ua` → "Ukraine") */
  codeLabels?: SchemaResponse['types'];
}) {
  const { t } = useI18n();
  const names = Object.keys(entity.properties).filter((p) => (entity.properties[p] ?? []).length > 0);
  const featured = schema?.featured ?? [];
  names.sort((a, b) => {
    const fa = featured.indexOf(a), fb = featured.indexOf(b);
    if (fa !== fb && (fa < 0 || fb < 0)) return fa < 0 ? 1 : -1;
    return fa !== fb ? fa - fb : (schema?.properties[a]?.label ?? a).localeCompare(schema?.properties[b]?.label ?? b);
  });
  if (names.length === 0) return <p className="muted">{t('entity.noProperties')}</p>;
  return (
    <table className="table props" data-testid="property-table">
      <tbody>
        {names.map((prop) => {
          const view = schema?.properties[prop];
          return (
            <tr key={prop} data-testid={`property-${prop}`}>
              <th scope="row">{view?.label ?? prop}</th>
              <td>
                <ul className="values">
                  {(entity.properties[prop] ?? []).map((value) => (
                    <Value key={value} prop={prop} value={value} type={view?.type ?? 'string'}
                      label={view ? (view.values?.[value] ?? codeLabels?.[view.type]?.values?.[value]) : undefined}
                      statements={entity.statements.filter((s) => s.prop === prop && s.value === value && !s.retractedAt)} />
                  ))}
                </ul>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
