/** Follow-up tracking (跟踪督办) over REST: the boards' lists, each step of an item, its files, settings, webhooks and the clock. */
import type { Router } from 'express';
import * as z from 'zod';
import { ClockMoveSchema, FollowupCommandSchema, FollowupListQuerySchema, FollowupSettingsSchema, WebhookSettingsSchema } from '../../shared/followup.schema';
import { CommandError } from '../../shared/result';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, type FollowupService } from '../followup/followup.service';
import type { IdentityService } from '../identity/identity.service';
import { sendOk } from './http-result';
import { attachment } from './meeting.routes';
import { idParam, parse, routeDefiner } from './route-table';

const ActBodySchema = z.object({ baseVersion: z.number().int().min(0), command: FollowupCommandSchema }).strict();
const AttachQuerySchema = z.object({ name: z.string().trim().min(1).max(200) }).strict();

export interface FollowupRouteOptions {
	/** Whether `clock.move` may move the follow-up clock (tests and demonstrations only). */
	allowClockMove: boolean;
	/** Runs a sweep now (as a job), after the clock moved. */
	sweepNow: () => Promise<void>;
}

export function followupRoutes(router: Router, identity: IdentityService, followups: FollowupService, options: FollowupRouteOptions): void {
	const define = routeDefiner(router, identity);
	define('followups.list', async (req, res, caller) => {
		const query = parse(FollowupListQuerySchema, req.query);
		const { overdue, ...rest } = query;
		sendOk(res, await followups.list(caller.role, { ...rest, ...(overdue === undefined ? {} : { overdue: overdue === '1' }) }));
	});
	define('followups.get', async (req, res, caller) => sendOk(res, await followups.view(idParam(req, 'itemId'), caller.role)));
	define('followups.act', async (req, res, caller) => {
		const { baseVersion, command } = parse(ActBodySchema, req.body);
		sendOk(res, await followups.act(idParam(req, 'itemId'), baseVersion, command, caller.principal));
	});
	define('followups.attach', async (req, res, caller) => {
		const { name } = parse(AttachQuerySchema, req.query);
		if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
			throw new CommandError('BAD_REQUEST', { zh: '没有收到文件，请选择文件后再上传。', en: 'No file arrived; choose a file and upload again.' });
		}
		if (req.body.length > ATTACHMENT_MAX_BYTES) {
			throw new CommandError('BAD_REQUEST', { zh: '文件超过 20 MB，请压缩后再上传。', en: 'The file is over 20 MB; make it smaller and upload again.' });
		}
		const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
		if (!(ATTACHMENT_TYPES as readonly string[]).includes(type)) {
			throw new CommandError('BAD_REQUEST', { zh: '只能上传 PDF 或图片（PNG、JPEG、WebP）。', en: 'Only PDF or images (PNG, JPEG, WebP) can be attached.' });
		}
		sendOk(res, await followups.attach(idParam(req, 'itemId'), caller.principal, { name, type, bytes: req.body }), 201);
	});
	define('followups.attachment', async (req, res) => {
		const { attachment: file, bytes } = await followups.attachment(idParam(req, 'itemId'), idParam(req, 'attachmentId'));
		res.setHeader('Content-Type', file.type);
		res.setHeader('Content-Disposition', attachment(file.name, true));
		res.setHeader('X-Content-Type-Options', 'nosniff');
		res.end(bytes);
	});
	define('followups.notices', async (_req, res, caller) => sendOk(res, await followups.noticesFor(caller.principal)));
	define('followups.open', async (req, res) => sendOk(res, await followups.openForBody(idParam(req, 'bodyId'))));
	define('followups.settings', async (_req, res) => sendOk(res, await followups.settings()));
	define('followups.settings.save', async (req, res) => {
		const settings = parse(FollowupSettingsSchema, req.body);
		await followups.saveSettings(settings);
		sendOk(res, settings);
	});
	define('webhooks.get', async (_req, res) => sendOk(res, await followups.webhooks()));
	define('webhooks.save', async (req, res) => {
		const settings = parse(WebhookSettingsSchema, req.body);
		await followups.saveWebhooks(settings);
		sendOk(res, settings);
	});
	define('webhooks.deliveries', async (_req, res) => sendOk(res, (await followups.repo.deliveries()).slice(0, 200)));
	define('clock.get', async (_req, res) => sendOk(res, { now: await followups.clock.now(), offsetMs: await followups.clock.offset(), movable: options.allowClockMove }));
	define('clock.move', async (req, res) => {
		if (!options.allowClockMove) {
			// Not the caller's role but this server's setting: CONFLICT, as FORBIDDEN means the permission table said no.
			throw new CommandError('CONFLICT', {
				zh: '本服务器不允许调整督办时钟（仅在以 FOLLOWUP_TEST_CLOCK=1 启动的测试或演示服务器上可用）。',
				en: 'This server does not allow moving the follow-up clock (only one started with FOLLOWUP_TEST_CLOCK=1, for tests or demonstrations).'
			});
		}
		const { byMs } = parse(ClockMoveSchema, req.body);
		const offsetMs = await followups.clock.moveBy(byMs);
		await options.sweepNow();
		sendOk(res, { now: await followups.clock.now(), offsetMs });
	});
}
