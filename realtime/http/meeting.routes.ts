/** Read-only meeting REST routes under /api. */
import { Router } from 'express';
import { MeetingJoinSchema } from '../../shared/protocol';
import { parseWith } from '../../shared/validation';
import type { MeetingService } from '../meeting/meeting.service';
import { sendError, sendOk } from './http-result';

export function meetingRoutes(meetings: MeetingService): Router {
	const router = Router();
	router.get('/meetings', async (_req, res) => {
		sendOk(res, await meetings.list());
	});
	router.get('/meetings/:meetingId', async (req, res) => {
		const parsed = parseWith(MeetingJoinSchema, { meetingId: req.params.meetingId });
		if (!parsed.ok) return sendError(res, parsed.error);
		sendOk(res, await meetings.publicView(parsed.data.meetingId));
	});
	return router;
}
