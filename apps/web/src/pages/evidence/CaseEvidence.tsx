/** The Evidence section of a case page: the items, the upload area and the bundle export. */
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { evidenceApi } from '../../api/evidence.ts';
import { useSession } from '../../auth/AuthProvider.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty, LoadMore, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync, usePaged } from '../../lib/use-async.ts';
import { BundleExport } from './BundleExport.tsx';
import { EvidenceTable } from './EvidenceTable.tsx';
import { EvidenceUpload } from './EvidenceUpload.tsx';

export function CaseEvidence({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const { can } = useSession();
  const evidence = usePaged((cursor) => evidenceApi.listCaseEvidence(caseId, { cursor }), [caseId]);
  const entities = useAsync(
    () => (can('entity:read') ? api.listCaseEntities(caseId, { limit: 200 }) : Promise.resolve({ items: [], next: null })),
    [caseId],
  );
  const [panel, setPanel] = useState<'none' | 'upload' | 'bundle'>('none');
  // once opened, the upload area stays mounted (hidden) so running uploads survive a switch of panel
  const [uploadOpened, setUploadOpened] = useState(false);
  const items = evidence.data ?? [];

  function toggle(next: 'upload' | 'bundle'): void {
    if (next === 'upload') setUploadOpened(true);
    setPanel((p) => (p === next ? 'none' : next));
  }

  return (
    <section aria-labelledby="evidence-title" className="case-evidence" data-testid="case-evidence">
      <div className="section-head">
        <h2 id="evidence-title">{t('evidence.title')}</h2>
        <div className="actions">
          {can('evidence:write') && (
            <button type="button" className="btn btn-primary" aria-expanded={panel === 'upload'} aria-controls="evidence-panel"
              onClick={() => toggle('upload')} data-testid="evidence-add">{t('evidence.add')}</button>
          )}
          {can('evidence:export') && items.length > 0 && (
            <button type="button" className="btn" aria-expanded={panel === 'bundle'} aria-controls="evidence-panel"
              onClick={() => toggle('bundle')} data-testid="bundle-open">{t('bundle.open')}</button>
          )}
        </div>
      </div>
      <div id="evidence-panel">
        {uploadOpened && (
          <div hidden={panel !== 'upload'}>
            <EvidenceUpload caseId={caseId} entities={entities.data?.items ?? []} onSaved={evidence.reload} />
          </div>
        )}
        {panel === 'bundle' && <BundleExport caseId={caseId} items={items} />}
      </div>
      <ErrorBox error={evidence.error} />
      {evidence.loading && items.length === 0 ? <Loading /> : items.length === 0 && !evidence.error ? (
        <Empty>{t('evidence.empty')}</Empty>
      ) : (
        items.length > 0 && <EvidenceTable items={items} />
      )}
      <LoadMore hasMore={evidence.hasMore} loading={evidence.loading} onClick={evidence.loadMore} />
    </section>
  );
}
