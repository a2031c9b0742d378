/** REST answers in the same Result shape as socket acks, with the matching HTTP status. */
import type { ErrorRequestHandler, Response } from 'express';
import { type AppError, CommandError, DEFAULT_MESSAGES, type ErrorCode } from '../../shared/result';

const STATUS: Record<ErrorCode, number> = {
	BAD_REQUEST: 400,
	UNAUTHENTICATED: 401,
	FORBIDDEN: 403,
	NOT_FOUND: 404,
	CONFLICT: 409,
	PROTOCOL_MISMATCH: 400,
	RATE_LIMITED: 429,
	UNAVAILABLE: 503,
	INTERNAL: 500
};

export function sendOk<T>(res: Response, data: T, status = 200): void {
	res.status(status).json({ ok: true, data });
}

export function sendError(res: Response, error: AppError): void {
	res.status(STATUS[error.code]).json({ ok: false, error });
}

/** Last error handler under /api: known errors keep their code, a malformed body is BAD_REQUEST, the rest INTERNAL. */
export const apiErrorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
	if (err instanceof CommandError) return sendError(res, err.error);
	if ((err as { type?: string }).type === 'entity.parse.failed') {
		return sendError(res, { code: 'BAD_REQUEST', message: { zh: '请求体不是有效的 JSON。', en: 'The request body is not valid JSON.' } });
	}
	if ((err as { type?: string }).type === 'entity.too.large') {
		return sendError(res, { code: 'BAD_REQUEST', message: { zh: '请求体过大。', en: 'The request body is too large.' } });
	}
	// Other faults of the request itself (an unknown charset or encoding, a body cut short) are the client's.
	const status = (err as { status?: unknown }).status;
	if ((err as { expose?: unknown }).expose === true && typeof status === 'number' && status >= 400 && status < 500) {
		return sendError(res, {
			code: 'BAD_REQUEST',
			message: { zh: '请求体无法读取（编码或压缩方式不受支持）。', en: 'The request body cannot be read (unsupported encoding or compression).' }
		});
	}
	console.error('[http]', err);
	sendError(res, { code: 'INTERNAL', message: DEFAULT_MESSAGES.INTERNAL });
};
