/**
 * `@ariadne/screening`: sanctions screening as a service over the store: the in-memory index of
 * the current list versions, list imports with deltas, continuous re-screening into alerts, and
 * duplicate proposals. The server and the CLI share it.
 */
export { ScreeningEngine, listsKeyOf, type LoadedLists, type ScreenOptions, type ScreeningAnswer } from './screening-engine.ts';
export { subjectQueries, bestPerEntry, type ScreenableSubject } from './subject-queries.ts';
export { rescreenDue, type RescreenDeps, type RescreenReport } from './rescreen.ts';
export { importListFile, type ListImportReport } from './list-import.ts';
export { scanDuplicates, type DuplicateScanDeps, type DuplicateScanReport } from './duplicate-scan.ts';
export { OFFICIAL_LISTS, officialList, downloadOfficialList, byteCap, type OfficialList, type DownloadOptions } from './official-lists.ts';
export { RESCREEN_JOB, SCREENING_ACTOR, enqueueRescreen, workRescreenJobs } from './rescreen-job.ts';
export { dossierInput, exportDossier, type DossierDeps, type DossierExportDeps } from './dossier-input.ts';
