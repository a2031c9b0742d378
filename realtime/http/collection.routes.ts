/**
 * Question collection, the project pool and the public suggestion form, under
 * /api/meetings/:meetingId/collection and /api/meetings/:meetingId/suggest. Thin: parse, call the
 * service, answer; who may call what is in the permission table.
 */
import type { Request, Router } from 'express';
import {
	AdoptSchema,
	BallotPickSchema,
	CollectionSettingsSaveSchema,
	ModerateSchema,
	ProjectProposeSchema,
	QuestionEditSchema,
	QuestionMergeSchema,
	QuestionProposeSchema,
	QuestionUnmergeSchema,
	QuestionWithdrawSchema,
	SelectionSaveSchema,
	SuggestionSubmitSchema
} from '../../shared/collection.schema';
import type { CollectionService } from '../collection/collection.service';
import type { IdentityService } from '../identity/identity.service';
import { sendOk } from './http-result';
import { idParam, parse, routeDefiner } from './route-table';

export function collectionRoutes(router: Router, identity: IdentityService, collection: CollectionService): void {
	const define = routeDefiner(router, identity);
	const meetingOf = (req: Request) => idParam(req, 'meetingId');

	define('collection.get', async (req, res, caller) => sendOk(res, await collection.view(meetingOf(req), caller.principal)));
	define('collection.settings', async (req, res, caller) => {
		const meetingId = meetingOf(req);
		await collection.saveSettings(meetingId, parse(CollectionSettingsSaveSchema, req.body), caller.principal);
		sendOk(res, await collection.staffView(meetingId));
	});
	define('collection.propose-question', async (req, res, caller) => {
		sendOk(res, await collection.proposeQuestion(meetingOf(req), caller.principal, parse(QuestionProposeSchema, req.body)), 201);
	});
	define('collection.withdraw-question', async (req, res, caller) => {
		sendOk(res, await collection.withdrawQuestion(meetingOf(req), caller.principal, parse(QuestionWithdrawSchema, req.body).proposalId));
	});
	define('collection.propose-project', async (req, res, caller) => {
		sendOk(res, await collection.proposeProject(meetingOf(req), caller.principal, parse(ProjectProposeSchema, req.body)), 201);
	});

	// Staff changes answer with the whole staff view, so the review page shows what it now is.
	define('collection.edit-question', async (req, res, caller) => {
		const meetingId = meetingOf(req);
		await collection.edit(meetingId, parse(QuestionEditSchema, req.body), caller.principal);
		sendOk(res, await collection.staffView(meetingId));
	});
	define('collection.merge', async (req, res, caller) => {
		const meetingId = meetingOf(req);
		await collection.merge(meetingId, parse(QuestionMergeSchema, req.body), caller.principal);
		sendOk(res, await collection.staffView(meetingId));
	});
	define('collection.unmerge', async (req, res, caller) => {
		const meetingId = meetingOf(req);
		await collection.unmerge(meetingId, parse(QuestionUnmergeSchema, req.body), caller.principal);
		sendOk(res, await collection.staffView(meetingId));
	});
	define('collection.selection', async (req, res, caller) => {
		const meetingId = meetingOf(req);
		await collection.saveSelection(meetingId, parse(SelectionSaveSchema, req.body), caller.principal);
		sendOk(res, await collection.staffView(meetingId));
	});
	define('collection.moderate', async (req, res, caller) => {
		const meetingId = meetingOf(req);
		await collection.moderate(meetingId, parse(ModerateSchema, req.body), caller.principal);
		sendOk(res, await collection.staffView(meetingId));
	});

	define('collection.adopt', async (req, res, caller) => {
		sendOk(res, await collection.adopt(meetingOf(req), parse(AdoptSchema, req.body), caller.principal));
	});
	define('collection.ballot', async (req, res, caller) => {
		sendOk(res, await collection.pickCandidates(meetingOf(req), parse(BallotPickSchema, req.body), caller.principal));
	});

	define('suggest.get', async (req, res) => sendOk(res, await collection.publicView(meetingOf(req))));
	define('suggest.submit', async (req, res) => {
		// Behind the hall's proxy `req.ip` is the phone's address (the app trusts X-Forwarded-For from loopback).
		sendOk(res, await collection.suggest(meetingOf(req), parse(SuggestionSubmitSchema, req.body), req.ip ?? 'unknown'), 201);
	});
}
