/**
 * The answer to every command: socket acks and REST bodies alike.
 * Error codes form one closed set; each carries a message a person can act on, in Chinese and English.
 */

/** Text shown to people, Simplified Chinese first. */
export interface LocalizedText {
	zh: string;
	en: string;
}

/** The closed set of error codes any command may answer with. */
export const ERROR_CODES = [
	'BAD_REQUEST',
	'UNAUTHENTICATED',
	'FORBIDDEN',
	'NOT_FOUND',
	'CONFLICT',
	'PROTOCOL_MISMATCH',
	'RATE_LIMITED',
	'UNAVAILABLE',
	'INTERNAL'
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with a payload: where it is and what is wrong, for forms and file imports. */
export interface FieldIssue {
	/** Dotted path into the payload, e.g. `agenda.2.title`; empty for the payload as a whole. */
	path: string;
	message: LocalizedText;
}

export interface AppError {
	code: ErrorCode;
	message: LocalizedText;
	/** Present on BAD_REQUEST: every problem found, so the sender can fix them all at once. */
	issues?: FieldIssue[];
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

/** The default message for each code, used when a service has nothing more specific to say. */
export const DEFAULT_MESSAGES: Record<ErrorCode, LocalizedText> = {
	BAD_REQUEST: { zh: '请求内容不正确，请检查后重试。', en: 'The request is not valid; check it and try again.' },
	UNAUTHENTICATED: { zh: '尚未登录或登录已失效，请重新登录或配对。', en: 'Not signed in or the session expired; sign in or pair again.' },
	FORBIDDEN: { zh: '当前身份无权进行此操作。', en: 'Your role may not do this.' },
	NOT_FOUND: { zh: '找不到所请求的内容，可能已被删除。', en: 'What you asked for does not exist; it may have been removed.' },
	CONFLICT: { zh: '会议状态已被他人更改，请以最新状态为准后重试。', en: 'The meeting has already changed; look at the current state and try again.' },
	PROTOCOL_MISMATCH: { zh: '客户端版本与服务器不一致，请刷新页面。', en: 'This client speaks another protocol version; reload the page.' },
	RATE_LIMITED: { zh: '操作过于频繁，请稍后再试。', en: 'Too many requests; wait a moment and try again.' },
	UNAVAILABLE: { zh: '服务暂时不可用，请稍后重试；数据未丢失。', en: 'The service is briefly unavailable; try again shortly. Nothing was lost.' },
	INTERNAL: { zh: '服务器内部错误，已记录，请联系工作人员。', en: 'Internal server error; it has been logged. Ask a clerk for help.' }
};

export function ok<T>(data: T): Result<T> {
	return { ok: true, data };
}

export function fail(code: ErrorCode, message: LocalizedText = DEFAULT_MESSAGES[code], issues?: FieldIssue[]): {
	ok: false;
	error: AppError;
} {
	return issues ? { ok: false, error: { code, message, issues } } : { ok: false, error: { code, message } };
}

/** Thrown inside services to end a command with a known error; handlers turn it into a failed Result. */
export class CommandError extends Error {
	readonly error: AppError;
	constructor(code: ErrorCode, message: LocalizedText = DEFAULT_MESSAGES[code], issues?: FieldIssue[]) {
		super(`${code}: ${message.en}`);
		this.name = 'CommandError';
		this.error = issues ? { code, message, issues } : { code, message };
	}
}
