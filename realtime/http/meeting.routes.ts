/** Meetings, their plans and materials, under /api/meetings. */
import type { Router } from 'express';
import { MaterialUploadQuerySchema, PlanImportQuerySchema } from '../../shared/api';
import { AgendaSaveSchema, MeetingCreateSchema, MeetingPlanSchema, MeetingSettingsSaveSchema, RespondentsSaveSchema } from '../../shared/meeting.schema';
import { CommandError } from '../../shared/result';
import type { IdentityService } from '../identity/identity.service';
import { type MeetingService, actorOf } from '../meeting/meeting.service';
import { sendOk } from './http-result';
import { idParam, parse, routeDefiner } from './route-table';

/** A file name safe in a Content-Disposition header, with the original kept UTF-8 encoded. */
export function attachment(fileName: string, inline = false): string {
	const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
	return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function meetingRoutes(router: Router, identity: IdentityService, meetings: MeetingService, now: () => number): void {
	const define = routeDefiner(router, identity);
	define('meetings.list', async (_req, res) => sendOk(res, await meetings.list()));
	define('meetings.get', async (req, res, caller) => sendOk(res, await meetings.view(idParam(req, 'meetingId'), caller.principal)));
	define('meetings.create', async (req, res, caller) => {
		const meeting = await meetings.create(parse(MeetingCreateSchema, req.body), actorOf(caller.principal));
		sendOk(res, await meetings.view(meeting.id, caller.principal), 201);
	});
	define('meetings.settings', async (req, res, caller) => {
		const meetingId = idParam(req, 'meetingId');
		await meetings.saveSettings(meetingId, parse(MeetingSettingsSaveSchema, req.body), actorOf(caller.principal));
		sendOk(res, await meetings.view(meetingId, caller.principal));
	});
	define('meetings.agenda', async (req, res, caller) => {
		const meetingId = idParam(req, 'meetingId');
		await meetings.saveAgenda(meetingId, parse(AgendaSaveSchema, req.body), actorOf(caller.principal));
		sendOk(res, await meetings.view(meetingId, caller.principal));
	});
	define('meetings.respondents', async (req, res, caller) => {
		const meetingId = idParam(req, 'meetingId');
		await meetings.saveRespondents(meetingId, parse(RespondentsSaveSchema, req.body), actorOf(caller.principal));
		sendOk(res, await meetings.view(meetingId, caller.principal));
	});
	define('meetings.plan', async (req, res) => {
		const plan = await meetings.plan(idParam(req, 'meetingId'), now());
		res.setHeader('Content-Disposition', attachment(`${plan.meeting.id}.meeting-plan.json`));
		sendOk(res, plan);
	});
	define('meetings.import', async (req, res, caller) => {
		const { as } = parse(PlanImportQuerySchema, req.query);
		// A file exported by this console is a Result; accept it as saved, or the bare plan.
		const body = req.body as { ok?: unknown; data?: unknown } | undefined;
		const plan = parse(MeetingPlanSchema, body && body.ok === true && 'data' in body ? body.data : body);
		const meeting = await meetings.importPlan(plan, as, actorOf(caller.principal));
		sendOk(res, await meetings.view(meeting.id, caller.principal), 201);
	});

	define('materials.upload', async (req, res, caller) => {
		const { itemId, name } = parse(MaterialUploadQuerySchema, req.query);
		if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
			throw new CommandError('BAD_REQUEST', { zh: '没有收到文件，请选择材料文件后再上传。', en: 'No file arrived; choose a file and upload again.' });
		}
		const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
		sendOk(res, await meetings.addMaterial(idParam(req, 'meetingId'), itemId, name, type, req.body, actorOf(caller.principal)), 201);
	});
	define('materials.get', async (req, res, caller) => {
		const { material, bytes } = await meetings.material(idParam(req, 'meetingId'), idParam(req, 'materialId'), caller.principal);
		res.setHeader('Content-Type', material.type);
		res.setHeader('Content-Disposition', attachment(material.name, true));
		res.setHeader('Cache-Control', 'private, max-age=300');
		res.setHeader('X-Content-Type-Options', 'nosniff');
		res.end(bytes);
	});
	define('materials.remove', async (req, res, caller) => {
		const meetingId = idParam(req, 'meetingId');
		await meetings.removeMaterial(meetingId, idParam(req, 'materialId'), actorOf(caller.principal));
		sendOk(res, await meetings.view(meetingId, caller.principal));
	});
}
