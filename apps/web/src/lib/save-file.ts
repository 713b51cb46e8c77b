/** Offers data the page already holds (a receipt, a picture of the graph) as a file download, without a server round trip. */
export function saveFile(filename: string, data: BlobPart, type: string): void {
  const href = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export function saveJson(filename: string, data: unknown): void {
  saveFile(filename, `${JSON.stringify(data, null, 2)}\n`, 'application/json');
}
