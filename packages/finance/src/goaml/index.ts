/**
 * goAML STR/SAR reports (issue 10, part 5): the input model, the FIU's code lists as
 * configuration, the XML writer for schemas 2.0 and 5.0.2, in-process XSD validation, victims'
 * pseudonymisation and the readable HTML summary.
 */
export * from './report-input.ts';
export * from './code-lists.ts';
export { GOAML_PROFILES, GOAML_SCHEMA_VERSIONS, type GoamlProfile, type GoamlSchemaVersion } from './schema-profiles.ts';
export { buildGoamlReport, goamlProblemsError, type GoamlBuildOptions, type GoamlProblem } from './goaml-xml.ts';
export { validateAgainstXsd, XsdSchema, type XsdError, type XsdValidationResult } from './validate-xsd.ts';
export { renderReportSummary, type ReportSummaryOptions } from './report-summary.ts';
export { exportGoamlReport, type GoamlExport, type GoamlExportOptions } from './export.ts';
export { protectVictims, pseudonymTag, hasVictims, MIN_PSEUDONYM_KEY_BYTES, type ProtectedReport, type PseudonymKey } from './victims.ts';
