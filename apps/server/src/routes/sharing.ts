/**
 * Information sharing (issue 8): this instance's identity and its partners, agreements, packages
 * and survivors' consents. Members-only: anything of a case you are not a member of answers 404.
 */
import type { AnyRoute } from '../route.ts';
import { sharingAgreementRoutes } from './sharing-agreements.ts';
import { sharingConsentRoutes } from './sharing-consents.ts';
import { sharingPackageRoutes } from './sharing-packages.ts';
import { sharingPartnerRoutes } from './sharing-partners.ts';

export const sharingRoutes: readonly AnyRoute[] = [...sharingPartnerRoutes, ...sharingAgreementRoutes, ...sharingPackageRoutes, ...sharingConsentRoutes];
