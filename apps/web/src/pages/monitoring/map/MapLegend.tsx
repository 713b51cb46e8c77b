/**
 * The map's legend as HTML (MapLibre has no text without a glyph server, and HTML reads in a
 * screen reader): colour classes with their ranges or categories, flow widths with the reading
 * of direction in words, the period shown, and what could not be drawn. It folds away on small
 * screens; logical CSS properties keep it at the reading start in Arabic.
 */
import { useId, useState } from 'react';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import type { MapLegendModel } from './map-types.ts';

export function MapLegend({ legends, notes, timeLabel }: {
  legends: readonly MapLegendModel[];
  /** What was skipped or could not be drawn, already in words. */
  notes: readonly string[];
  timeLabel?: string | undefined;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(true);
  const bodyId = useId();
  if (legends.length === 0 && notes.length === 0 && !timeLabel) return null;
  return (
    <section className="map-legend" aria-label={t('monitoring.map.legend')} data-testid="map-legend">
      <button type="button" className="map-legend-toggle" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen((o) => !o)}>
        {open ? t('monitoring.map.hideLegend') : t('monitoring.map.showLegend')}
      </button>
      <div id={bodyId} hidden={!open}>
        {timeLabel && <p className="map-legend-time" data-testid="map-time">{timeLabel}</p>}
        {legends.map((legend) => (
          <div key={legend.title} className="map-legend-block">
            <h3 className="map-legend-title">{legend.title}</h3>
            {legend.kind === 'colours' ? (
              <ul className="map-legend-list">
                {legend.classes.map((c) => (
                  <li key={`${c.colour}|${c.label}`}>
                    <span className="map-swatch" aria-hidden="true" style={{ backgroundColor: c.colour }} />
                    <span>{c.label}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <>
                <ul className="map-legend-list">
                  {legend.samples.map((s) => (
                    <li key={s.label}>
                      <span className="map-line-sample" aria-hidden="true" style={{ blockSize: `${s.width}px`, backgroundColor: legend.colour }} />
                      <span>{s.label}</span>
                    </li>
                  ))}
                </ul>
                <p className="map-legend-note">{legend.direction}</p>
              </>
            )}
          </div>
        ))}
        {notes.map((note) => <p key={note} className="map-legend-note" role="note">{note}</p>)}
      </div>
    </section>
  );
}
