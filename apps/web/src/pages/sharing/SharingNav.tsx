/** The sharing area's tabs: agreements, partners, incoming packages and (for those who may) linkage. */
import { useSession } from '../../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';

export type SharingSection = 'agreements' | 'partners' | 'incoming' | 'linkage';

export function SharingNav({ current }: { current: SharingSection }) {
  const { t } = useI18n();
  const { can } = useSession();
  const tabs: { id: SharingSection; to: string; show: boolean }[] = [
    { id: 'agreements', to: paths.sharing(), show: can('share:read') },
    { id: 'partners', to: paths.sharingPartners(), show: can('share:read') },
    { id: 'incoming', to: paths.sharingIncoming(), show: can('share:read') },
    { id: 'linkage', to: paths.sharingLinkage(), show: can('linkage:run') },
  ];
  return (
    <nav className="tabs sharing-tabs" aria-label={t('sharing.sections')}>
      {tabs.filter((tab) => tab.show).map((tab) => (
        <Link key={tab.id} to={tab.to} className={`tab${current === tab.id ? ' active' : ''}`} aria-current={current === tab.id ? 'page' : undefined}
          data-testid={`sharing-tab-${tab.id}`}>{t(`sharing.tab.${tab.id}`)}</Link>
      ))}
    </nav>
  );
}
