/** The sharing pages by route: agreements, a new agreement, one agreement, partners, incoming packages and linkage. */
import type { RouteMatch } from '../../router/routes.ts';
import { AgreementPage } from './AgreementPage.tsx';
import { AgreementsPage } from './AgreementsPage.tsx';
import { IncomingPage } from './IncomingPage.tsx';
import { LinkagePage } from './LinkagePage.tsx';
import { NewAgreementPage } from './NewAgreementPage.tsx';
import { PartnersPage } from './PartnersPage.tsx';
import './sharing.css';

export function SharingRoute({ route }: { route: RouteMatch }) {
  const p = route.params;
  switch (route.name) {
    case 'sharingNewAgreement': return <NewAgreementPage />;
    case 'sharingAgreement': return <AgreementPage key={p.agreementId} agreementId={p.agreementId!} />;
    case 'sharingPartners': return <PartnersPage />;
    case 'sharingIncoming': return <IncomingPage />;
    case 'sharingLinkage': return <LinkagePage />;
    default: return <AgreementsPage />;
  }
}
