/** Ids and downloads for the console's editors. */

/** A fresh id such as `a-k3x9q2m7`: a prefix and 8 random base-36 digits, within the id pattern. */
export function newId(prefix: string): string {
	const bytes = crypto.getRandomValues(new Uint8Array(8));
	return `${prefix}-${Array.from(bytes, (b) => (b % 36).toString(36)).join('')}`;
}

/** Saves `data` as a pretty-printed JSON file through the browser's download. */
export function downloadJson(fileName: string, data: unknown): void {
	const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
