/** Fetches the signed receipt of a submission and offers it as a JSON file. */
import { publicApi } from '../../api/evidence.ts';
import { saveJson } from '../../lib/save-file.ts';

export async function downloadReceipt(code: string): Promise<void> {
  const receipt = await publicApi.receipt(code);
  const day = new Date().toISOString().slice(0, 10);
  saveJson(`ariadne-receipt-${day}.json`, receipt);
}
