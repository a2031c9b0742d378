/**
 * The web app's REST client: every call answers with the same `Result` the server sends, and a
 * network failure becomes an UNAVAILABLE result instead of a thrown error, so pages handle one shape.
 */
import type { Result } from '$shared/result';

const UNREACHABLE = {
	code: 'UNAVAILABLE',
	message: { zh: '无法连接服务器，请检查网络后重试。', en: 'Cannot reach the server; check the network and try again.' }
} as const;

async function send<T>(path: string, init: RequestInit): Promise<Result<T>> {
	let res: Response;
	try {
		res = await fetch(`/api${path}`, { credentials: 'same-origin', ...init });
	} catch {
		return { ok: false, error: { ...UNREACHABLE } };
	}
	try {
		return (await res.json()) as Result<T>;
	} catch {
		return { ok: false, error: { code: 'INTERNAL', message: { zh: `服务器返回了无法识别的内容（HTTP ${res.status}）。`, en: `The server sent something unreadable (HTTP ${res.status}).` } } };
	}
}

/** GET/DELETE without a body, POST/PUT with a JSON body. */
export function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<Result<T>> {
	return send<T>(path, body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** POSTs a file as the raw request body, with its own Content-Type, and query parameters. */
export function upload<T>(path: string, file: Blob, query: Record<string, string>): Promise<Result<T>> {
	const qs = new URLSearchParams(query).toString();
	return send<T>(`${path}?${qs}`, { method: 'POST', headers: { 'content-type': file.type || 'application/octet-stream' }, body: file });
}
