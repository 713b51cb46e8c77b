/** The whole route table. A route added to a group here is registered, guarded and documented. */
import type { AnyRoute } from '../route.ts';
import { authRoutes } from './auth.ts';
import { caseRoutes } from './cases.ts';
import { entityRoutes } from './entities.ts';
import { jobRoutes } from './jobs.ts';
import { journalRoutes } from './journal.ts';
import { ledgerRoutes } from './ledger.ts';
import { schemaRoutes } from './schema.ts';
import { searchRoutes } from './search.ts';
import { documentationRoutes, healthRoutes } from './system.ts';
import { tokenRoutes } from './tokens.ts';
import { userRoutes } from './users.ts';
import { uploadRoutes } from './uploads.ts';
import { evidenceRoutes } from './evidence.ts';
import { bundleRoutes } from './bundles.ts';
import { submissionRoutes } from './submissions.ts';
import { listRoutes } from './lists.ts';
import { screeningRoutes } from './screening.ts';
import { duplicateRoutes } from './duplicates.ts';
import { dossierRoutes } from './dossier.ts';
import { networkRoutes } from './network.ts';
import { financeRoutes } from './finance.ts';
import { sharingRoutes } from './sharing.ts';
import { linkageRoutes } from './linkage.ts';
import { monitoringRoutes } from './monitoring.ts';

export const ROUTES: readonly AnyRoute[] = [
  ...healthRoutes,
  ...documentationRoutes(() => ROUTES),
  ...authRoutes,
  ...schemaRoutes,
  ...caseRoutes,
  ...entityRoutes,
  ...searchRoutes,
  ...userRoutes,
  ...tokenRoutes,
  ...journalRoutes,
  ...ledgerRoutes,
  ...jobRoutes,
  ...uploadRoutes,
  ...evidenceRoutes,
  ...bundleRoutes,
  ...submissionRoutes,
  ...listRoutes,
  ...networkRoutes,
  ...screeningRoutes,
  ...duplicateRoutes,
  ...dossierRoutes,
  ...financeRoutes,
  ...sharingRoutes,
  ...linkageRoutes,
  ...monitoringRoutes,
];
