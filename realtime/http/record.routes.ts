/**
 * The meeting record (会议记录) as JSON, CSV and PDF, and each vote's result announcement (表决结果公告)
 * as JSON and PDF. Every role may call them; the record service decides what the caller may read
 * (staff always; others once the meeting has closed, or once the vote's result is revealed).
 */
import type { Router } from 'express';
import type { IdentityService } from '../identity/identity.service';
import type { RecordService } from '../record/record.service';
import { sendOk } from './http-result';
import { attachment } from './meeting.routes';
import { idParam, routeDefiner } from './route-table';

export function recordRoutes(router: Router, identity: IdentityService, records: RecordService): void {
	const define = routeDefiner(router, identity);
	define('record.get', async (req, res, caller) => {
		const meetingId = idParam(req, 'meetingId');
		const record = await records.record(meetingId, caller.role);
		// `?download`: the JSON export, saved as a file (the same Result envelope as every answer).
		if (req.query.download !== undefined) res.setHeader('Content-Disposition', attachment(`${meetingId}-会议记录.json`));
		sendOk(res, record);
	});
	define('record.csv', async (req, res, caller) => {
		const meetingId = idParam(req, 'meetingId');
		const csv = await records.csv(meetingId, caller.role);
		res.setHeader('Content-Type', 'text/csv; charset=utf-8');
		res.setHeader('Content-Disposition', attachment(`${meetingId}-会议记录.csv`));
		res.setHeader('Cache-Control', 'no-store');
		res.send(csv);
	});
	define('record.pdf', async (req, res, caller) => {
		const meetingId = idParam(req, 'meetingId');
		const pdf = await records.recordPdf(meetingId, caller.role);
		res.setHeader('Content-Type', 'application/pdf');
		res.setHeader('Content-Disposition', attachment(`${meetingId}-会议记录.pdf`, req.query.download === undefined));
		res.setHeader('Cache-Control', 'no-store');
		res.send(pdf);
	});
	define('announcement.get', async (req, res, caller) => {
		sendOk(res, await records.announcement(idParam(req, 'meetingId'), idParam(req, 'voteId'), caller.role));
	});
	define('announcement.pdf', async (req, res, caller) => {
		const meetingId = idParam(req, 'meetingId');
		const voteId = idParam(req, 'voteId');
		const pdf = await records.announcementPdf(meetingId, voteId, caller.role);
		res.setHeader('Content-Type', 'application/pdf');
		res.setHeader('Content-Disposition', attachment(`${meetingId}-表决结果公告-${voteId}.pdf`, req.query.download === undefined));
		res.setHeader('Cache-Control', 'no-store');
		res.send(pdf);
	});
}
