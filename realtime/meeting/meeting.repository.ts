/** All Redis access for meetings, bodies and rosters. */
import { type Body, BodySchema, type Meeting, MeetingSchema, type Member, MemberSchema } from '../../shared/meeting.schema';
import type { RedisClient } from '../redis/redis-connection';
import { keys } from '../redis/redis-keys';

/** Claims the marker and writes everything, or writes nothing if the marker is taken: one atomic step. */
const CREATE_ONCE_SCRIPT = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX') == false then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
if #ARGV > 4 then redis.call('HSET', KEYS[3], unpack(ARGV, 5)) end
redis.call('SET', KEYS[4], ARGV[3])
redis.call('SET', KEYS[5], 1)
redis.call('SADD', KEYS[6], ARGV[4])
return 1
`;

export interface MeetingRecord {
	meeting: Meeting;
	version: number;
}

export class MeetingRepository {
	constructor(private readonly redis: RedisClient) {}

	async getMeeting(meetingId: string): Promise<MeetingRecord | null> {
		const [doc, version] = await Promise.all([this.redis.get(keys.meeting(meetingId)), this.redis.get(keys.meetingVersion(meetingId))]);
		if (doc === null) return null;
		return { meeting: MeetingSchema.parse(JSON.parse(doc)), version: Number(version ?? 0) };
	}

	async listMeetingIds(): Promise<string[]> {
		return (await this.redis.sMembers(keys.meetings())).sort();
	}

	async getBody(bodyId: string): Promise<Body | null> {
		const doc = await this.redis.get(keys.body(bodyId));
		return doc === null ? null : BodySchema.parse(JSON.parse(doc));
	}

	async countMembers(bodyId: string): Promise<number> {
		return this.redis.hLen(keys.bodyMembers(bodyId));
	}

	async listMembers(bodyId: string): Promise<Member[]> {
		const all = await this.redis.hVals(keys.bodyMembers(bodyId));
		return all.map((doc) => MemberSchema.parse(JSON.parse(doc)));
	}

	/**
	 * Writes a body, its roster and a meeting in one transaction, guarded by `markerKey`: if the marker
	 * is already set nothing is written. Returns whether it wrote, so a seed runs once however often
	 * the server starts, even with two processes starting together.
	 */
	async createOnce(markerKey: string, body: Body, members: Member[], meeting: Meeting): Promise<boolean> {
		const roster = members.flatMap((m) => [m.id, JSON.stringify(m)]);
		const written = await this.redis.eval(CREATE_ONCE_SCRIPT, {
			keys: [markerKey, keys.body(body.id), keys.bodyMembers(body.id), keys.meeting(meeting.id), keys.meetingVersion(meeting.id), keys.meetings()],
			arguments: [new Date().toISOString(), JSON.stringify(body), JSON.stringify(meeting), meeting.id, ...roster]
		});
		return written === 1;
	}
}
