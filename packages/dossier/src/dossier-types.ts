/**
 * The shapes going in and out of the dossier: what the server gathers for one subject
 * (`DossierInput`) and the assembled, render-ready document (`Dossier`). Both renderers (HTML and
 * PDF) read only the `Dossier`, so they show the same sections with the same wording.
 */
import type { NameScript } from '@ariadne/names';

/** A confirmed screening hit of an entity on a sanctions list (the list's own reference in `entry`, e.g. `QDe.115`). */
export interface DossierListing {
  readonly list: string;
  readonly entry: string;
  /** the alert's disposition: only `confirmed` counts as a listing in the assessment */
  readonly status: string;
}

export interface DossierEntity {
  readonly id: string;
  readonly schema: string;
  readonly caption: string;
  readonly properties: Record<string, string[]>;
  /**
   * Confirmed list entries of this entity — or, for a relationship entity (Membership, Payment,
   * Incident…), of the group or party at its other end. How "association with a listed group" is
   * recognised: the server fills it from the store's screening alerts.
   */
  readonly listings?: readonly DossierListing[];
}

export interface DossierRelation {
  /** the property that links them: on the subject when `outgoing`, on `entity` when `incoming` */
  readonly prop: string;
  readonly direction: 'outgoing' | 'incoming';
  readonly entity: DossierEntity;
}

/** An RFC 9162 inclusion proof of an evidence item's intake entry in the journal's Merkle log. */
export interface DossierProof {
  readonly treeSize: number;
  readonly leafIndex: number;
  /** hex */
  readonly rootHash: string;
  /** the audit path, hex, leaf to root */
  readonly hashes: string[];
  /** the signed C2SP checkpoint note the proof is against, as text */
  readonly checkpoint: string | null;
}

export interface DossierEvidenceInput {
  readonly id: string;
  readonly filename: string | null;
  readonly sha256: string;
  readonly size: number;
  readonly mime: string;
  readonly collectedAt: string | null;
  readonly description: string | null;
  /** the journal sequence number of the item's intake */
  readonly intakeSeq: number | null;
  readonly proof: DossierProof | null;
  /** the entities the item is linked to (the subject, an incident…): lets the assessment cite it */
  readonly entityIds?: readonly string[];
}

export interface DossierScreeningInput {
  readonly list: string;
  readonly entry: string;
  readonly status: string;
  readonly score: number;
  readonly matchedName: string;
  readonly explanation: string[];
}

export interface DossierInput {
  /** ISO 8601 */
  readonly generatedAt: string;
  /** who asked for it, as the journal names actors (`user:<id>`) */
  readonly generatedBy: string;
  readonly instance: { readonly origin: string; readonly verifierKey: string | null };
  readonly subject: {
    readonly id: string;
    readonly schema: string;
    readonly caption: string;
    readonly caseName: string | null;
    readonly properties: Record<string, string[]>;
  };
  readonly relations: readonly DossierRelation[];
  readonly evidence: readonly DossierEvidenceInput[];
  readonly screening: readonly DossierScreeningInput[];
  readonly narrative: string | null;
}

// ---------------------------------------------------------------------------------------------
// The assembled dossier

/** A value with what a renderer needs to show it in its own script and direction. */
export interface DisplayText {
  readonly text: string;
  readonly script: NameScript;
  /** BCP 47 tag naming the script only (`und-Arab`, `und-Cyrl`) when not Latin; the language is not known */
  readonly lang: string | null;
  readonly dir: 'ltr' | 'rtl' | 'auto';
}

export interface DossierField {
  readonly label: string;
  readonly values: readonly DisplayText[];
}

export interface AliasGroup {
  readonly script: NameScript;
  /** e.g. "Arabic script" */
  readonly label: string;
  readonly values: readonly DisplayText[];
}

export interface Identification {
  readonly names: readonly DisplayText[];
  readonly aliasesByScript: readonly AliasGroup[];
  /** previous names, weak aliases, birth dates and places, nationalities, gender, identifiers, addresses — in that order; empty values mean "not recorded" */
  readonly fields: readonly DossierField[];
}

export type SupportKind = 'form' | 'facilitation' | 'listedAssociation' | 'financing';

export interface SupportingFact {
  readonly kind: SupportKind;
  /** the incident, exploitation, movement, membership or payment */
  readonly entityId: string;
  readonly schema: string;
  readonly caption: DisplayText;
  /** what about it counts, e.g. "Sexual exploitation (perpetrator)" or "listed as QDe.115" */
  readonly detail: string;
  /** evidence items linked to that entity */
  readonly evidenceIds: readonly string[];
}

/** renderers list this many supporting facts per criterion, then say how many more there are */
export const SUPPORT_SHOWN = 25;

export type CriterionStatus = 'supported' | 'partly_supported' | 'no_supporting_facts';

export interface CriterionSource {
  readonly resolution: string;
  readonly paragraph: string | null;
  readonly verified: boolean;
  readonly note: string | null;
  /** "resolution 2331 (2016), paragraph 12" or "resolution 2213 (2015) (summary, verify against the resolution)" */
  readonly citation: string;
}

export interface CriterionAssessment {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly sources: readonly CriterionSource[];
  readonly status: CriterionStatus;
  /** one sentence: "Supported by 2 recorded facts…" or "No supporting facts recorded." — never a conclusion */
  readonly finding: string;
  readonly support: readonly SupportingFact[];
  /** for a criterion that needs all its kinds of fact: the kinds still missing */
  readonly missing: readonly SupportKind[];
}

export interface RegimeAssessment {
  readonly id: string;
  readonly name: string;
  readonly committee: string;
  /** the subject's own confirmed entries on this regime's list */
  readonly subjectListed: readonly string[];
  readonly criteria: readonly CriterionAssessment[];
}

export type LinkKind = 'incidents' | 'exploitation' | 'movements' | 'other';

export interface LinkedItem {
  readonly id: string;
  readonly schema: string;
  readonly schemaLabel: string;
  readonly caption: DisplayText;
  /** how it is linked to the subject, e.g. "Perpetrators" */
  readonly role: string;
  readonly fields: readonly DossierField[];
  readonly listings: readonly DossierListing[];
  readonly evidenceIds: readonly string[];
}

export interface LinkGroup {
  readonly kind: LinkKind;
  readonly title: string;
  readonly items: readonly LinkedItem[];
}

export interface EvidenceView {
  readonly id: string;
  readonly filename: DisplayText | null;
  readonly sha256: string;
  readonly size: number;
  readonly mime: string;
  readonly collectedAt: string | null;
  readonly description: DisplayText | null;
  readonly intakeSeq: number | null;
  readonly proof: DossierProof | null;
  /** why there is no proof, when there is none */
  readonly proofNote: string | null;
}

export interface ListEntryView {
  readonly list: string;
  readonly entry: string;
  readonly status: string;
  readonly score: number;
  readonly matchedName: DisplayText;
  readonly explanation: readonly string[];
}

export interface Dossier {
  readonly title: string;
  readonly marking: string;
  readonly generatedAt: string;
  readonly generatedBy: string;
  readonly origin: string;
  readonly verifierKey: string | null;
  readonly caseName: string | null;
  readonly subject: { readonly id: string; readonly schema: string; readonly schemaLabel: string; readonly caption: DisplayText };
  readonly identification: Identification;
  readonly narrative: { readonly paragraphs: readonly string[]; readonly generated: boolean };
  readonly assessment: readonly RegimeAssessment[];
  readonly links: readonly LinkGroup[];
  readonly evidence: { readonly items: readonly EvidenceView[]; readonly howToVerify: readonly string[] };
  readonly listEntries: readonly ListEntryView[];
  readonly provenance: { readonly statement: readonly string[]; readonly limitations: readonly string[] };
}
