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
	/** JSON document: a body (congress or standing committee). */
	body: (bodyId: string) => `${PREFIX}:body:${bodyId}`,
	/** Hash member id → JSON member: the body's roster. */
	bodyMembers: (bodyId: string) => `${PREFIX}:body:${bodyId}:members`,
	/** Marker set once the demo data has been loaded, so it is never loaded twice. */
	demoLoaded: () => `${PREFIX}:seed:demo`,
	/** Hash username → JSON staff account (host, clerk). */
	accounts: () => `${PREFIX}:accounts`,
	/** JSON principal of a session, with a TTL. */
	session: (sessionId: string) => `${PREFIX}:session:${sessionId}`,
	/** Secret that signs session cookies. */
	cookieSecret: () => `${PREFIX}:secret:cookie`,
	/** Prefix of the log-in rate limiter's counters. */
	loginRateLimit: () => `${PREFIX}:ratelimit:login`,
	/** Last time a worker ran the heartbeat job (ms since the epoch). */
	workerHeartbeat: () => `${PREFIX}:system:worker-heartbeat`
} as const;

export const BULLMQ_PREFIX = `${PREFIX}:bull`;
