/**
 * The full custody timeline of an item, oldest first: each event with time, actor, kind,
 * purpose, details and its leaf hash, and the link to the event before it in the item's hash
 * chain, so a reader sees the chain is unbroken (or exactly where it is not).
 */
import { Fragment } from 'react';
import { CUSTODY_KINDS, type CustodyEvent } from '../../api/evidence-types.ts';
import { HashText } from '../../components/HashText.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { custodyDetailRows, custodyPurpose, linkCustody } from '../../lib/custody-chain.ts';
import { shortHash } from '../../lib/format.ts';

function kindLabel(t: (k: string) => string, kind: string): string {
  return (CUSTODY_KINDS as readonly string[]).includes(kind) ? t(`custody.kind.${kind}`) : kind;
}

export function CustodyTimeline({ events, itemId, headHash }: { events: readonly CustodyEvent[]; itemId: string; headHash: string }) {
  const { t, formatDateTime } = useI18n();
  const chain = linkCustody(events, itemId, headHash);
  return (
    <div className="custody">
      <p className={`small ${chain.intact && chain.headMatches ? 'chain-ok' : 'chain-bad'}`} data-testid="custody-chain-status" role="status">
        {chain.intact && chain.headMatches ? `✓ ${t('custody.chainOk', { count: events.length })}` : `⚠ ${t('custody.chainBad')}`}
      </p>
      <ol className="timeline" data-testid="custody-timeline">
        {chain.links.map(({ event, prev, status, linkedSeq }) => {
          const purpose = custodyPurpose(event);
          const rows = custodyDetailRows(event.details);
          return (
            <li key={`${event.seq}-${event.kind}`} className={`timeline-event link-${status}`} data-testid="custody-event" data-kind={event.kind} data-seq={event.seq}>
              <div className="timeline-head">
                <span className="badge badge-kind">{kindLabel(t, event.kind)}</span>
                <span className="nowrap">{formatDateTime(event.at)}</span>
                <span className="muted small">#{event.seq}</span>
              </div>
              <dl className="dl-grid small">
                <dt>{t('custody.actor')}</dt><dd><code dir="ltr">{event.actor}</code></dd>
                <dt>{t('custody.purpose')}</dt><dd dir="auto" data-testid="custody-purpose">{purpose ?? '—'}</dd>
                {rows.map(([key, value]) => (
                  <Fragment key={key}>
                    <dt>{key}</dt><dd dir="auto">{value}</dd>
                  </Fragment>
                ))}
                <dt>{t('custody.leafHash')}</dt><dd><HashText hash={event.leafHash} testId="custody-leaf" /></dd>
                <dt>{t('custody.link')}</dt>
                <dd data-testid="custody-link" data-link={status}>
                  {status === 'start' ? t('custody.linkStart')
                    : status === 'linked' ? <>↑ {t('custody.linkTo', { seq: linkedSeq ?? '?' })} <code dir="ltr" title={prev ?? ''}>{shortHash(prev ?? '', 10)}</code></>
                    : status === 'broken' ? <strong className="danger">⚠ {t('custody.linkBroken')} <code dir="ltr">{shortHash(prev ?? '', 10)}</code></strong>
                    : <span className="muted">{t('custody.linkUnknown')}</span>}
                </dd>
              </dl>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
