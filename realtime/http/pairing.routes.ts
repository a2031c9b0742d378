/** Pairing codes, device revocation, respondent codes and screen tokens, under /api/meetings/:id. */
import type { Router } from 'express';
import { AccessRotateSchema, PairingIssueSchema } from '../../shared/api';
import type { IdentityService } from '../identity/identity.service';
import { actorOf } from '../meeting/meeting.service';
import type { PairingService } from '../pairing/pairing.service';
import { sendOk } from './http-result';
import { idParam, parse, routeDefiner } from './route-table';

export function pairingRoutes(router: Router, identity: IdentityService, pairing: PairingService): void {
	const define = routeDefiner(router, identity);
	define('pairing.list', async (req, res) => sendOk(res, await pairing.list(idParam(req, 'meetingId'))));
	define('pairing.issue', async (req, res, caller) =>
		sendOk(res, await pairing.issue(idParam(req, 'meetingId'), parse(PairingIssueSchema, req.body ?? {}).memberIds, actorOf(caller.principal)))
	);
	define('pairing.revoke', async (req, res, caller) =>
		sendOk(res, await pairing.revoke(idParam(req, 'meetingId'), idParam(req, 'memberId'), actorOf(caller.principal)))
	);
	define('access.list', async (req, res) => sendOk(res, await pairing.access(idParam(req, 'meetingId'))));
	define('access.rotate', async (req, res, caller) =>
		sendOk(res, await pairing.rotate(idParam(req, 'meetingId'), parse(AccessRotateSchema, req.body), actorOf(caller.principal)))
	);
}
