/**
 * Parsing at trust boundaries. Every payload is parsed with its schema; a failure lists every problem
 * in Chinese and English so the sender can fix them all at once.
 */
import * as z from 'zod';
import { type AppError, type FieldIssue, type Result, DEFAULT_MESSAGES } from './result';

const zhLocale = z.locales.zhCN();
const enLocale = z.locales.en();

function issuePath(path: PropertyKey[]): string {
	return path.map(String).join('.');
}

/** Parses `input` with `schema`; on failure the error holds each issue in both languages. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Result<z.output<S>> {
	const english = schema.safeParse(input, { error: enLocale.localeError });
	if (english.success) return { ok: true, data: english.data };
	const chinese = schema.safeParse(input, { error: zhLocale.localeError });
	const zhIssues = chinese.success ? [] : chinese.error.issues;
	const issues: FieldIssue[] = english.error.issues.map((issue, i) => ({
		path: issuePath(issue.path),
		message: { zh: zhIssues[i]?.message ?? issue.message, en: issue.message }
	}));
	return { ok: false, error: badRequest(issues) };
}

export function badRequest(issues: FieldIssue[]): AppError {
	const first = issues[0];
	const where = (issue: FieldIssue) => (issue.path ? `${issue.path}: ` : '');
	const message = first
		? {
				zh: `${DEFAULT_MESSAGES.BAD_REQUEST.zh}（${where(first)}${first.message.zh}${issues.length > 1 ? ` 等 ${issues.length} 处` : ''}）`,
				en: `${DEFAULT_MESSAGES.BAD_REQUEST.en} (${where(first)}${first.message.en}${issues.length > 1 ? `, and ${issues.length - 1} more` : ''})`
			}
		: DEFAULT_MESSAGES.BAD_REQUEST;
	return { code: 'BAD_REQUEST', message, issues };
}
