/** Every Redis key the application uses is built here, under one prefix. BullMQ uses its own prefix. */
const PREFIX = 'wzt';

export const keys = {
	/** Set of all meeting ids. */
	meetings: () => `${PREFIX}:meetings`,
	/** JSON document: the meeting's plan (settings, respondents, agenda). */
	meeting: (meetingId: string) => `${PREFIX}:meeting:${meetingId}`,
	/** Integer bumped by every change to the meeting. */
	meetingVersion: (meetingId: string) => `${PREFIX}:meeting:${meetingId}:version`,
	/** Stream: the meeting's hash-chained log, one entry per change, with the id `<seq>-0`. */
	meetingLog: (meetingId: string) => `${PREFIX}:meeting:${meetingId}:log`,
	/** Hash `seq`, `hash`: the log's last entry, read and moved by every append. */
	meetingLogHead: (meetingId: string) => `${PREFIX}:meeting:${meetingId}:log:head`,
	/** Binary: the bytes of a material attached to an agenda item. */
	material: (meetingId: string, materialId: string) => `${PREFIX}:meeting:${meetingId}:material:${materialId}`,
	/** JSON document: the running meeting's live state (sign-in, active item, queues, question runs). */
	meetingLive: (meetingId: string) => `${PREFIX}:meeting:${meetingId}:live`,
	/** Integer bumped by every live change; apart from the plan's version. */
	meetingLiveVersion: (meetingId: string) => `${PREFIX}:meeting:${meetingId}:live:version`,
	/** JSON document: the meeting's question collection and project pool (征集, 项目库). */
	meetingCollection: (meetingId: string) => `${PREFIX}:meeting:${meetingId}:collection`,
	/** Integer bumped by every change to the collection; apart from the plan's version. */
	meetingCollectionVersion: (meetingId: string) => `${PREFIX}:meeting:${meetingId}:collection:version`,
	/** Hash member id → JSON roll entry (signed in, by whom, departed). */
	meetingRoll: (meetingId: string) => `${PREFIX}:meeting:${meetingId}:roll`,
	/** List of the meeting's vote ids, in the order they were opened. */
	meetingVotes: (meetingId: string) => `${PREFIX}:meeting:${meetingId}:votes`,
	/** JSON: a vote as opened (what is voted on, its settings, deadline); never changed afterwards. */
	vote: (voteId: string) => `${PREFIX}:vote:${voteId}`,
	/** Hash: the vote's status (open/closed/annulled), close time, turnout at close, outcome, announcement. */
	voteStatus: (voteId: string) => `${PREFIX}:vote:${voteId}:status`,
	/** Hash tally field (yes, c1:yes, satisfied…) → count. */
	voteTally: (voteId: string) => `${PREFIX}:vote:${voteId}:tally`,
	/** Sorted set (all scores 0, so in id order, never cast order): who has voted. */
	voteVoters: (voteId: string) => `${PREFIX}:vote:${voteId}:voters`,
	/** Sorted set (scores 0, so in receipt order): `receipt|tally fields|choice JSON`, nothing of the voter. */
	voteChoices: (voteId: string) => `${PREFIX}:vote:${voteId}:choices`,
	/** Hash member id → choice JSON, for named (记名) votes only. */
	voteNamed: (voteId: string) => `${PREFIX}:vote:${voteId}:named`,
	/** Sorted set (scores 0): `idempotency key|reply JSON`, so a retried cast gets its first answer. */
	voteAcks: (voteId: string) => `${PREFIX}:vote:${voteId}:acks`,
	/** Hash respondent id → pairing code: the respondents' per-meeting codes. */
	meetingRespondentCodes: (meetingId: string) => `${PREFIX}:meeting:${meetingId}:respondent-codes`,
	/** Set of the sessions a respondent opened with their code, ended when the code is replaced. */
	respondentSessions: (meetingId: string, respondentId: string) => `${PREFIX}:meeting:${meetingId}:respondent:${respondentId}:sessions`,
	/** The wall screens' read-only token of the meeting. */
	meetingScreenToken: (meetingId: string) => `${PREFIX}:meeting:${meetingId}:screen-token`,
	/** Screen token → meeting id. */
	screenToken: (token: string) => `${PREFIX}:screen-token:${token}`,
	/** Set of all body ids. */
	bodies: () => `${PREFIX}:bodies`,
	/** JSON document: a body (congress or standing committee). */
	body: (bodyId: string) => `${PREFIX}:body:${bodyId}`,
	/** Hash member id → JSON member: the body's roster. */
	bodyMembers: (bodyId: string) => `${PREFIX}:body:${bodyId}:members`,
	/** Integer bumped by every roster change. */
	bodyVersion: (bodyId: string) => `${PREFIX}:body:${bodyId}:version`,
	/** Stream and head of the body's hash-chained log (roster changes), like a meeting's. */
	bodyLog: (bodyId: string) => `${PREFIX}:body:${bodyId}:log`,
	bodyLogHead: (bodyId: string) => `${PREFIX}:body:${bodyId}:log:head`,
	/** Hash member id → the member's unused one-time pairing code. */
	bodyPairingCodes: (bodyId: string) => `${PREFIX}:body:${bodyId}:pairing-codes`,
	/** Hash member id → JSON { sessionId, pairedAt }: the one tablet paired to each member. */
	bodyDevices: (bodyId: string) => `${PREFIX}:body:${bodyId}:devices`,
	/** JSON: what a pairing code stands for (a deputy of a body, or a respondent of a meeting). */
	pairingCode: (code: string) => `${PREFIX}:pairing:${code}`,
	/** Marker left by a redeemed one-time code, so reuse is told apart from a wrong code. */
	pairingCodeUsed: (code: string) => `${PREFIX}:pairing:${code}:used`,
	/** Marker set once the demo data has been loaded, so it is never loaded twice. */
	demoLoaded: () => `${PREFIX}:seed:demo`,
	/** Hash username → JSON staff account (host, clerk). */
	accounts: () => `${PREFIX}:accounts`,
	/** Set of a staff account's session ids, so removing the account or resetting its password ends them. */
	accountSessions: (username: string) => `${PREFIX}:account:${username}:sessions`,
	/** JSON principal of a session, with a TTL. */
	session: (sessionId: string) => `${PREFIX}:session:${sessionId}`,
	/** Secret that signs session cookies. */
	cookieSecret: () => `${PREFIX}:secret:cookie`,
	/** Prefix of the log-in rate limiter's counters. */
	loginRateLimit: () => `${PREFIX}:ratelimit:login`,
	/** Prefix of the public suggestion form's rate limiter counters (per meeting and address). */
	suggestRateLimit: () => `${PREFIX}:ratelimit:suggest`,
	/** Prefix of the pairing rate limiter's counters. */
	pairRateLimit: () => `${PREFIX}:ratelimit:pair`,
	/** Hash item id → JSON follow-up item (跟踪督办), with the events it has fired. */
	followups: () => `${PREFIX}:followup:items`,
	/** Hash source key → item id: what a closed session already created, so closing twice creates nothing twice. */
	followupSources: () => `${PREFIX}:followup:sources`,
	/** Sorted set `itemId|event` → when it is due (follow-up clock, ms): reminders, escalations, checkpoints. */
	followupDue: () => `${PREFIX}:followup:due`,
	/** Stream: every follow-up notification, in order (the outbox the webhooks are fed from). */
	followupOutbox: () => `${PREFIX}:followup:outbox`,
	/** The last outbox entry handed to the webhook jobs. */
	followupOutboxCursor: () => `${PREFIX}:followup:outbox:cursor`,
	/** Set of the meetings whose follow-up items were created. */
	followupMeetingsDone: () => `${PREFIX}:followup:meetings-done`,
	/** Binary: the bytes of an item's attachment (the written reply). */
	followupAttachment: (itemId: string, attachmentId: string) => `${PREFIX}:followup:${itemId}:attachment:${attachmentId}`,
	/** JSON: follow-up deadline settings. */
	followupSettings: () => `${PREFIX}:followup:settings`,
	/** JSON: the webhooks notifications are posted to. */
	webhooks: () => `${PREFIX}:webhooks`,
	/** Hash `noticeId|url` → JSON delivery record. */
	webhookDeliveries: () => `${PREFIX}:webhook:deliveries`,
	/** The follow-up clock's offset from the machine's (ms); only moved where the test clock is allowed. */
	clockOffset: () => `${PREFIX}:system:clock-offset`,
	/** Last time a worker ran the heartbeat job (ms since the epoch). */
	workerHeartbeat: () => `${PREFIX}:system:worker-heartbeat`
} as const;

export const BULLMQ_PREFIX = `${PREFIX}:bull`;
