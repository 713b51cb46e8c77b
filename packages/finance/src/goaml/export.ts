/**
 * The export path: write the goAML XML, validate it against the XSD the FIU supplies, and render
 * the readable summary beside it. Nothing is returned unless the XML validates: a report the FIU
 * would reject fails here with `VALIDATION_FAILED` naming the first errors (line, element path,
 * libxml2's reason without the value), so nothing half-valid is ever filed.
 */
import { AriadneError } from '@ariadne/schema';
import { buildGoamlReport, type GoamlBuildOptions } from './goaml-xml.ts';
import type { GoamlReportInput } from './report-input.ts';
import { renderReportSummary, type ReportSummaryOptions } from './report-summary.ts';
import { validateAgainstXsd, XsdSchema, type XsdError } from './validate-xsd.ts';

export interface GoamlExportOptions extends GoamlBuildOptions {
  /** the FIU's XSD as text, or a compiled `XsdSchema` to reuse across reports */
  readonly xsd: string | XsdSchema;
  /** how the summary is rendered (language, direction, time stamp) */
  readonly summary?: Pick<ReportSummaryOptions, 'lang' | 'dir' | 'generatedAt'>;
}

export interface GoamlExport {
  /** the goAML XML, valid against the FIU's XSD */
  readonly xml: string;
  /** the readable summary (self-contained HTML) */
  readonly html: string;
}

const ERRORS_IN_MESSAGE = 5;

function describe(error: XsdError): string {
  return `line ${error.line}${error.path === undefined ? '' : ` ${error.path}`}: ${error.message.replace(/\.$/, '')}`;
}

/** Builds, validates and summarises a report; see the module comment. */
export function exportGoamlReport(input: GoamlReportInput, options: GoamlExportOptions): GoamlExport {
  const xml = buildGoamlReport(input, options);
  const result = options.xsd instanceof XsdSchema ? options.xsd.validate(xml) : validateAgainstXsd(xml, options.xsd);
  if (!result.valid) {
    const details: Record<string, string> = {};
    result.errors.forEach((error, i) => {
      details[`${i + 1}`] = describe(error);
    });
    const shown = result.errors.slice(0, ERRORS_IN_MESSAGE).map(describe).join('; ');
    const more = result.errors.length > ERRORS_IN_MESSAGE ? ` (and ${result.errors.length - ERRORS_IN_MESSAGE} more)` : '';
    throw new AriadneError('VALIDATION_FAILED', `The goAML ${options.schemaVersion} report does not validate against the FIU's schema: ${shown}${more}.`, { details });
  }
  const html = renderReportSummary(input, {
    codeLists: options.codeLists,
    schemaVersion: options.schemaVersion,
    ...(options.pseudonymKey === undefined ? {} : { pseudonymKey: options.pseudonymKey }),
    ...options.summary,
  });
  return { xml, html };
}
