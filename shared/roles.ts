/**
 * Roles and the one permission table: which role may send which socket event, call which REST route,
 * and see which parts of a meeting. The server checks every event and route against it and filters
 * every snapshot with it; the web app uses it to decide which controls to show.
 */
import type { ClientToServerEvents } from './protocol';

export const ROLES = ['host', 'clerk', 'deputy', 'respondent', 'screen', 'public'] as const;
export type Role = (typeof ROLES)[number];

export type CommandName = keyof ClientToServerEvents;

const EVERYONE = ROLES;
const STAFF = ['host', 'clerk'] as const;
const HOST = ['host'] as const;
/** Host and clerk: the people running the meeting, who see everything of it. */
export const STAFF_ROLES = STAFF;

/** For each client event, the roles allowed to send it. An event missing here is refused to all. */
export const EVENT_PERMISSIONS: { readonly [E in CommandName]: readonly Role[] } = {
	'clock:sync': EVERYONE,
	'meeting:join': EVERYONE,
	'live:sync': EVERYONE,
	'sign-in:toggle': HOST,
	'sign-in:self': ['deputy'],
	'roll:record': STAFF,
	'agenda:control': HOST,
	'request:raise': ['deputy'],
	'request:withdraw': ['deputy'],
	'request:decide': HOST,
	'queue:move': HOST,
	'question:step': HOST,
	'clock:control': HOST,
	'vote:sync': EVERYONE,
	'vote:open': HOST,
	'vote:cast': ['deputy'],
	'vote:close': HOST,
	'vote:announce': HOST,
	'vote:annul': HOST,
	'vote:manual': HOST,
	'meeting:close': HOST,
	'followup:watch': EVERYONE
};

export function mayRoleSend(role: Role, event: string): event is CommandName {
	if (!Object.hasOwn(EVENT_PERMISSIONS, event)) return false;
	return (EVENT_PERMISSIONS as Record<string, readonly Role[]>)[event]!.includes(role);
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RoutePermission {
	method: HttpMethod;
	/** Express path under /api. */
	path: string;
	roles: readonly Role[];
	/** Only an administrator account (a host or clerk with the admin flag). */
	admin?: true;
}

/**
 * Every REST route under /api, by name. The server registers routes from this table, so a route
 * cannot exist without an entry, and refuses callers whose role is not listed.
 */
export const ROUTE_PERMISSIONS = {
	'auth.login': { method: 'POST', path: '/auth/login', roles: EVERYONE },
	'auth.logout': { method: 'POST', path: '/auth/logout', roles: EVERYONE },
	'auth.me': { method: 'GET', path: '/auth/me', roles: EVERYONE },
	'auth.pair': { method: 'POST', path: '/auth/pair', roles: EVERYONE },

	'accounts.list': { method: 'GET', path: '/accounts', roles: STAFF, admin: true },
	'accounts.create': { method: 'POST', path: '/accounts', roles: STAFF, admin: true },
	'accounts.password': { method: 'PUT', path: '/accounts/:username/password', roles: STAFF, admin: true },
	'accounts.remove': { method: 'DELETE', path: '/accounts/:username', roles: STAFF, admin: true },

	'bodies.list': { method: 'GET', path: '/bodies', roles: STAFF },
	'bodies.create': { method: 'POST', path: '/bodies', roles: STAFF },
	'bodies.get': { method: 'GET', path: '/bodies/:bodyId', roles: STAFF },
	'roster.import': { method: 'POST', path: '/bodies/:bodyId/roster/import', roles: STAFF },
	'roster.add': { method: 'POST', path: '/bodies/:bodyId/members', roles: STAFF },
	'roster.edit': { method: 'PUT', path: '/bodies/:bodyId/members/:memberId', roles: STAFF },
	'roster.retire': { method: 'PUT', path: '/bodies/:bodyId/members/:memberId/retired', roles: STAFF },

	'meetings.list': { method: 'GET', path: '/meetings', roles: EVERYONE },
	'meetings.get': { method: 'GET', path: '/meetings/:meetingId', roles: EVERYONE },
	'meetings.create': { method: 'POST', path: '/meetings', roles: STAFF },
	'meetings.settings': { method: 'PUT', path: '/meetings/:meetingId/settings', roles: STAFF },
	'meetings.agenda': { method: 'PUT', path: '/meetings/:meetingId/agenda', roles: STAFF },
	'meetings.respondents': { method: 'PUT', path: '/meetings/:meetingId/respondents', roles: STAFF },
	'meetings.plan': { method: 'GET', path: '/meetings/:meetingId/plan', roles: STAFF },
	'meetings.import': { method: 'POST', path: '/meetings/import', roles: STAFF },

	'materials.upload': { method: 'POST', path: '/meetings/:meetingId/materials', roles: STAFF },
	'materials.get': { method: 'GET', path: '/meetings/:meetingId/materials/:materialId', roles: ['host', 'clerk', 'deputy', 'respondent'] as const },
	'materials.remove': { method: 'DELETE', path: '/meetings/:meetingId/materials/:materialId', roles: STAFF },

	'pairing.list': { method: 'GET', path: '/meetings/:meetingId/pairing', roles: STAFF },
	'pairing.issue': { method: 'POST', path: '/meetings/:meetingId/pairing/issue', roles: STAFF },
	'pairing.revoke': { method: 'POST', path: '/meetings/:meetingId/pairing/:memberId/revoke', roles: STAFF },
	'access.list': { method: 'GET', path: '/meetings/:meetingId/access', roles: STAFF },
	'access.rotate': { method: 'POST', path: '/meetings/:meetingId/access/rotate', roles: STAFF },

	'collection.get': { method: 'GET', path: '/meetings/:meetingId/collection', roles: ['host', 'clerk', 'deputy'] as const },
	'collection.settings': { method: 'PUT', path: '/meetings/:meetingId/collection/settings', roles: STAFF },
	// Deputies propose from their tablets; staff may enter a proposal handed in on paper, for its deputy.
	'collection.propose-question': { method: 'POST', path: '/meetings/:meetingId/collection/questions', roles: ['host', 'clerk', 'deputy'] as const },
	'collection.withdraw-question': { method: 'POST', path: '/meetings/:meetingId/collection/questions/withdraw', roles: ['host', 'clerk', 'deputy'] as const },
	'collection.edit-question': { method: 'PUT', path: '/meetings/:meetingId/collection/questions', roles: STAFF },
	'collection.merge': { method: 'POST', path: '/meetings/:meetingId/collection/merge', roles: STAFF },
	'collection.unmerge': { method: 'POST', path: '/meetings/:meetingId/collection/unmerge', roles: STAFF },
	'collection.selection': { method: 'PUT', path: '/meetings/:meetingId/collection/selection', roles: STAFF },
	'collection.adopt': { method: 'POST', path: '/meetings/:meetingId/collection/adopt', roles: STAFF },
	'collection.propose-project': { method: 'POST', path: '/meetings/:meetingId/collection/projects', roles: ['host', 'clerk', 'deputy'] as const },
	'collection.moderate': { method: 'POST', path: '/meetings/:meetingId/collection/moderate', roles: STAFF },
	'collection.ballot': { method: 'POST', path: '/meetings/:meetingId/collection/ballot', roles: STAFF },
	// The public suggestion form (项目征集), reached by the QR code on the public page: no account, rate limited.
	'suggest.get': { method: 'GET', path: '/meetings/:meetingId/suggest', roles: EVERYONE },
	'suggest.submit': { method: 'POST', path: '/meetings/:meetingId/suggest', roles: EVERYONE },

	// Follow-up tracking (跟踪督办): public on the disclosure board (公示); the department (a respondent) and the
	// asker (a deputy) act on their own items, which the service checks.
	'followups.list': { method: 'GET', path: '/followups', roles: EVERYONE },
	'followups.get': { method: 'GET', path: '/followups/items/:itemId', roles: EVERYONE },
	'followups.act': { method: 'POST', path: '/followups/items/:itemId/act', roles: ['host', 'clerk', 'respondent', 'deputy'] as const },
	'followups.attach': { method: 'POST', path: '/followups/items/:itemId/attachments', roles: ['host', 'clerk', 'respondent'] as const },
	// The files (written replies) stay with the people concerned; the public board shows the reply's text.
	'followups.attachment': { method: 'GET', path: '/followups/items/:itemId/attachments/:attachmentId', roles: ['host', 'clerk', 'respondent', 'deputy'] as const },
	'followups.notices': { method: 'GET', path: '/followups/notices', roles: ['host', 'clerk', 'respondent', 'deputy'] as const },
	'followups.open': { method: 'GET', path: '/bodies/:bodyId/followups/open', roles: STAFF },
	'followups.settings': { method: 'GET', path: '/followups/settings', roles: STAFF },
	'followups.settings.save': { method: 'PUT', path: '/followups/settings', roles: STAFF, admin: true },
	'webhooks.get': { method: 'GET', path: '/webhooks', roles: STAFF, admin: true },
	'webhooks.save': { method: 'PUT', path: '/webhooks', roles: STAFF, admin: true },
	'webhooks.deliveries': { method: 'GET', path: '/webhooks/deliveries', roles: STAFF, admin: true },
	// The follow-up clock; moving it is refused unless the server was started with the test clock allowed.
	'clock.get': { method: 'GET', path: '/followups/clock', roles: STAFF },
	'clock.move': { method: 'POST', path: '/followups/clock/move', roles: STAFF, admin: true },

	'audit.list': { method: 'GET', path: '/meetings/:meetingId/log', roles: STAFF },
	'audit.export': { method: 'GET', path: '/meetings/:meetingId/log/export', roles: STAFF },

	// Open to every role: staff read them at any time, the others once the meeting has closed (the
	// record) or the vote's result is revealed (its announcement); the record service decides.
	'record.get': { method: 'GET', path: '/meetings/:meetingId/record', roles: EVERYONE },
	'record.csv': { method: 'GET', path: '/meetings/:meetingId/record/csv', roles: EVERYONE },
	'record.pdf': { method: 'GET', path: '/meetings/:meetingId/record/pdf', roles: EVERYONE },
	'announcement.get': { method: 'GET', path: '/meetings/:meetingId/votes/:voteId/announcement', roles: EVERYONE },
	'announcement.pdf': { method: 'GET', path: '/meetings/:meetingId/votes/:voteId/announcement/pdf', roles: EVERYONE }
} as const satisfies Record<string, RoutePermission>;

export type RouteName = keyof typeof ROUTE_PERMISSIONS;

export function mayRoleCall(role: Role, route: RouteName, admin = false): boolean {
	const permission: RoutePermission = ROUTE_PERMISSIONS[route];
	return permission.roles.includes(role) && (!permission.admin || admin);
}

/**
 * The parts of a meeting a snapshot can carry. Titles, kinds and the public items' texts (motions,
 * candidates, rating subjects) are in every snapshot; these are the rest.
 */
export const VIEW_PARTS = ['respondents', 'questions', 'materials', 'settings', 'roster'] as const;
export type ViewPart = (typeof VIEW_PARTS)[number];

/** For each role, the parts of a meeting it may see. */
export const VIEW_PERMISSIONS: { readonly [R in Role]: readonly ViewPart[] } = {
	host: ['respondents', 'questions', 'materials', 'settings', 'roster'],
	clerk: ['respondents', 'questions', 'materials', 'settings', 'roster'],
	deputy: ['respondents', 'questions', 'materials'],
	respondent: ['respondents', 'questions', 'materials'],
	screen: ['respondents', 'questions'],
	public: []
};

export function mayRoleSee(role: Role, part: ViewPart): boolean {
	return VIEW_PERMISSIONS[role].includes(part);
}

/**
 * The parts of a running meeting's live state beyond what everyone sees (sign-in tally, active item,
 * the current question with its clock, the next three questions by topic, asker and respondent).
 */
export const LIVE_VIEW_PARTS = ['roll', 'requests', 'queue', 'question-text'] as const;
export type LiveViewPart = (typeof LIVE_VIEW_PARTS)[number];

/** For each role, the parts of the live state it may see. A deputy also sees their own roll line and requests. */
export const LIVE_VIEW_PERMISSIONS: { readonly [R in Role]: readonly LiveViewPart[] } = {
	host: ['roll', 'requests', 'queue', 'question-text'],
	clerk: ['roll', 'requests', 'queue', 'question-text'],
	deputy: ['queue', 'question-text'],
	respondent: ['queue', 'question-text'],
	screen: ['queue', 'question-text'],
	public: []
};

export function mayRoleSeeLive(role: Role, part: LiveViewPart): boolean {
	return LIVE_VIEW_PERMISSIONS[role].includes(part);
}
