/**
 * The sharing pages by route: agreements, a new agreement, one agreement, partners, incoming
 * packages (and one received package, named by its id in the query) and linkage.
 */
import type { SharePackage } from '../../api/sharing-types.ts';
import { useLocation } from '../../router/router.tsx';
import type { RouteMatch } from '../../router/routes.ts';
import { AgreementPage } from './AgreementPage.tsx';
import { AgreementsPage } from './AgreementsPage.tsx';
import { IncomingPage } from './IncomingPage.tsx';
import { LinkagePage } from './LinkagePage.tsx';
import { NewAgreementPage } from './NewAgreementPage.tsx';
import { PartnersPage } from './PartnersPage.tsx';
import { ReceivedPackagePage } from './ReceivedPackagePage.tsx';
import { packageIdOfSearch } from './received-view.ts';
import './sharing.css';

/** the package record a link handed over in the history state (to spare a look-up) */
function givenPackage(state: unknown): SharePackage | null {
  const pkg = state && typeof state === 'object' && 'package' in state ? (state as { package: unknown }).package : null;
  return pkg && typeof pkg === 'object' && typeof (pkg as { id?: unknown }).id === 'string' ? (pkg as SharePackage) : null;
}

export function SharingRoute({ route }: { route: RouteMatch }) {
  const { state } = useLocation();
  const p = route.params;
  const receivedId = route.name === 'sharingIncoming' ? packageIdOfSearch(window.location.search) : null;
  if (receivedId) return <ReceivedPackagePage key={receivedId} packageId={receivedId} given={givenPackage(state)} />;
  switch (route.name) {
    case 'sharingNewAgreement': return <NewAgreementPage />;
    case 'sharingAgreement': return <AgreementPage key={p.agreementId} agreementId={p.agreementId!} />;
    case 'sharingPartners': return <PartnersPage />;
    case 'sharingIncoming': return <IncomingPage />;
    case 'sharingLinkage': return <LinkagePage />;
    default: return <AgreementsPage />;
  }
}
