/** Bodies and their rosters, under /api/bodies. */
import type { Router } from 'express';
import { RetireSchema, RosterImportQuerySchema } from '../../shared/api';
import { BodyInputSchema, MemberInputSchema } from '../../shared/meeting.schema';
import { CommandError } from '../../shared/result';
import type { IdentityService } from '../identity/identity.service';
import { actorOf } from '../meeting/meeting.service';
import type { RosterService } from '../roster/roster.service';
import { sendOk } from './http-result';
import { idParam, parse, routeDefiner } from './route-table';

export function rosterRoutes(router: Router, identity: IdentityService, roster: RosterService): void {
	const define = routeDefiner(router, identity);
	define('bodies.list', async (_req, res) => sendOk(res, await roster.list()));
	define('bodies.create', async (req, res, caller) => sendOk(res, await roster.create(parse(BodyInputSchema, req.body), actorOf(caller.principal)), 201));
	define('bodies.get', async (req, res) => sendOk(res, await roster.detail(idParam(req, 'bodyId'))));
	define('roster.import', async (req, res, caller) => {
		const { fileName } = parse(RosterImportQuerySchema, req.query);
		if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
			throw new CommandError('BAD_REQUEST', { zh: '没有收到文件，请选择名册文件（.xlsx 或 .csv）后再导入。', en: 'No file arrived; choose a roster file (.xlsx or .csv) and import again.' });
		}
		sendOk(res, await roster.importFile(idParam(req, 'bodyId'), req.body, fileName, actorOf(caller.principal)));
	});
	define('roster.add', async (req, res, caller) =>
		sendOk(res, await roster.add(idParam(req, 'bodyId'), parse(MemberInputSchema, req.body), actorOf(caller.principal)), 201)
	);
	define('roster.edit', async (req, res, caller) =>
		sendOk(res, await roster.edit(idParam(req, 'bodyId'), idParam(req, 'memberId'), parse(MemberInputSchema, req.body), actorOf(caller.principal)))
	);
	define('roster.retire', async (req, res, caller) =>
		sendOk(res, await roster.setRetired(idParam(req, 'bodyId'), idParam(req, 'memberId'), parse(RetireSchema, req.body).retired, actorOf(caller.principal)))
	);
}
