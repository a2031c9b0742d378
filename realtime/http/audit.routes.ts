/** The meeting's hash-chained log, for staff, under /api/meetings/:id/log. */
import type { Router } from 'express';
import { type AuditPage, AuditListQuerySchema } from '../../shared/api';
import { CommandError } from '../../shared/result';
import { AuditChainBrokenError, type AuditLogRepository } from '../audit/audit-log.repository';
import type { IdentityService } from '../identity/identity.service';
import type { MeetingService } from '../meeting/meeting.service';
import { sendOk } from './http-result';
import { attachment } from './meeting.routes';
import { idParam, parse, routeDefiner } from './route-table';

export function auditRoutes(router: Router, identity: IdentityService, meetings: MeetingService, audit: AuditLogRepository): void {
	const define = routeDefiner(router, identity);
	define('audit.list', async (req, res) => {
		const meetingId = idParam(req, 'meetingId');
		await meetings.get(meetingId);
		const { from, limit } = parse(AuditListQuerySchema, req.query);
		const [entries, head, verification] = await Promise.all([audit.list(meetingId, { fromSeq: from, limit }), audit.head(meetingId), audit.verify(meetingId)]);
		sendOk(res, { entries, head, verification } satisfies AuditPage);
	});
	define('audit.export', async (req, res) => {
		const meetingId = idParam(req, 'meetingId');
		await meetings.get(meetingId);
		try {
			const exported = await audit.export(meetingId);
			res.setHeader('Content-Disposition', attachment(`${meetingId}.log.json`));
			sendOk(res, exported);
		} catch (err) {
			if (!(err instanceof AuditChainBrokenError)) throw err;
			throw new CommandError('CONFLICT', {
				zh: `会议日志校验未通过（第 ${err.verification.brokenAtSeq} 条），不能导出为定稿，请联系管理员。`,
				en: `The meeting log does not verify (entry ${err.verification.brokenAtSeq}); it cannot be exported as final. Ask an administrator.`
			});
		}
	});
}
