/**
 * The bytes of a pdfkit document: registers the font faces on it and collects its output until
 * `end()`. One copy for every PDF the project writes (dossiers, monitoring reports).
 */
import type PDFDocument from 'pdfkit';
import type { FontFace } from './fonts.ts';

/** Call before drawing; the promise settles once the caller has ended the document. */
export function pdfOutput(doc: InstanceType<typeof PDFDocument>, faces: readonly FontFace[]): Promise<Buffer> {
  for (const face of faces) doc.registerFont(face.key, face.data);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
