/**
 * Sends a bundle file to `POST /api/bundles/verify` as a stream, with upload progress. fetch()
 * cannot report upload progress, so this uses XMLHttpRequest; the server stores nothing.
 */
import type { BundleVerification } from '../api/evidence-types.ts';
import { csrfHeaders } from '../api/http.ts';
import { ApiError, networkProblem, parseProblem } from '../api/problem.ts';

export function verifyBundle(
  file: Blob,
  onProgress: (sent: number, total: number) => void,
  signal?: AbortSignal,
): Promise<BundleVerification> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/bundles/verify');
    xhr.withCredentials = true;
    xhr.responseType = 'text';
    xhr.setRequestHeader('Content-Type', 'application/x-tar');
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body && typeof body === 'object' && 'ok' in body) {
        onProgress(file.size, file.size);
        resolve(body as BundleVerification);
      } else {
        reject(new ApiError(parseProblem(xhr.status, body, xhr.statusText)));
      }
    };
    xhr.onerror = () => reject(new ApiError(networkProblem('The connection broke while sending the bundle.')));
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
