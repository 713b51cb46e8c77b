/**
 * README.txt of a bundle: what the archive is and how to check it, in plain words, for a
 * prosecutor's clerk as much as for a court's technical expert.
 */
import { keyFingerprint } from '../../verifier/verify-bundle.mjs';
import type { BundleManifest } from './manifest.ts';

export function renderBundleReadme(manifest: Omit<BundleManifest, 'attachments'>): string {
  const m = manifest;
  return `ARIADNE EVIDENCE BUNDLE ${m.bundleId}
Exported ${m.createdAt} (UTC) for: ${m.recipient ?? '(no recipient recorded)'}
Purpose: ${m.purpose ?? '(none recorded)'}
Case: ${m.case.id ?? '(none)'}${m.case.name ? ` (${m.case.name})` : ''}
Items: ${m.items.length}; logged custody events: ${m.events.length}

WHAT IS IN THIS ARCHIVE
  files/...             the evidence files, byte for byte as they were received
  bundle.json           the manifest: every file's SHA-256, every custody event with its
                        journal entry and inclusion proof, the signed checkpoint
  bundle.sig            the log key's signature over bundle.json (every byte of it)
  custody-report.html   the same, as a readable and printable chain-of-custody report
  checkpoint.txt        the log checkpoint signed by the organisation's log key
  log.vkey              the log's public key
  verify-bundle.mjs     a standalone verifier (one file of JavaScript, no dependencies)
  README.txt            this file

HOW TO CHECK THAT NOTHING WAS CHANGED
  1. Get the organisation's log key, or its fingerprint, through a channel you trust
     (its website, a letter, a phone call). The key in this bundle has the fingerprint
       ${keyFingerprint(m.log.verifierKey)}
     (the SHA-256 of the text in log.vkey, without the final newline).
  2. Install Node.js 18 or later and run, without unpacking the archive:
       node verify-bundle.mjs THIS-BUNDLE.tar --key "THE-PUBLISHED-KEY"
     or with --key pointing to a file that holds the key. Better still, use verify-bundle.mjs
     from Ariadne's published source code rather than the copy in this archive; the verifier
     prints the SHA-256 of both so that you can compare them.
  3. "RESULT: INTACT" and exit status 0 mean: every file has the hash recorded when it was
     collected, every custody event is the one the log holds, no event of an item is missing
     up to this export, and the log's signed checkpoint covers all of them. Otherwise each
     problem is listed by name (exit status 1).

The verifier reads the archive in one pass and never unpacks or decompresses anything. The
algorithm is documented in bundle-format.md (in Ariadne's source) so that an expert can write
an independent verifier. The custody report is a reading aid: the verification is the proof.
The case name is a label that the log does not cover.
`;
}
