/** Accounts, sessions and the cookie-signing secret, in Redis. */
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { type Principal, StaffRoleSchema } from '../../shared/identity.schema';
import type { RedisClient } from '../redis/redis-connection';
import { keys } from '../redis/redis-keys';

export const AccountSchema = z.object({
	username: z.string(),
	displayName: z.string(),
	role: StaffRoleSchema,
	admin: z.boolean(),
	passwordHash: z.string()
});
export type Account = z.infer<typeof AccountSchema>;

export class IdentityRepository {
	constructor(private readonly redis: RedisClient) {}

	async getAccount(username: string): Promise<Account | null> {
		const doc = await this.redis.hGet(keys.accounts(), username);
		return doc ? AccountSchema.parse(JSON.parse(doc)) : null;
	}

	/** Creates the account unless the name is taken; true when created. */
	async createAccount(account: Account): Promise<boolean> {
		return (await this.redis.hSetNX(keys.accounts(), account.username, JSON.stringify(account))) === 1;
	}

	async listAccounts(): Promise<Account[]> {
		return (await this.redis.hVals(keys.accounts())).map((doc) => AccountSchema.parse(JSON.parse(doc))).sort((a, b) => a.username.localeCompare(b.username));
	}

	/** Replaces an existing account; false when there is none by that name. */
	async updateAccount(account: Account): Promise<boolean> {
		const replaced = await this.redis.eval(`if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) return 1`, {
			keys: [keys.accounts()],
			arguments: [account.username, JSON.stringify(account)]
		});
		return replaced === 1;
	}

	async deleteAccount(username: string): Promise<boolean> {
		return (await this.redis.hDel(keys.accounts(), username)) === 1;
	}

	async countAccounts(): Promise<number> {
		return this.redis.hLen(keys.accounts());
	}

	async saveSession(sessionId: string, principal: Principal, ttlSeconds: number): Promise<void> {
		await this.redis.set(keys.session(sessionId), JSON.stringify(principal), { expiration: { type: 'EX', value: ttlSeconds } });
	}

	async getSession(sessionId: string): Promise<Principal | null> {
		const doc = await this.redis.get(keys.session(sessionId));
		return doc ? (JSON.parse(doc) as Principal) : null;
	}

	async addAccountSession(username: string, sessionId: string, ttlSeconds: number): Promise<void> {
		const key = keys.accountSessions(username);
		await this.redis.multi().sAdd(key, sessionId).expire(key, ttlSeconds).exec();
	}

	/** Takes an account's session ids away (to end them), leaving none. */
	async takeAccountSessions(username: string): Promise<string[]> {
		const key = keys.accountSessions(username);
		const [sessions] = (await this.redis.multi().sMembers(key).del(key).exec()) as unknown as [string[], number];
		return sessions;
	}

	async deleteSession(sessionId: string): Promise<void> {
		await this.redis.del(keys.session(sessionId));
	}

	/** The secret that signs session cookies: made once, shared by every process, kept across restarts. */
	async cookieSecret(): Promise<string> {
		await this.redis.set(keys.cookieSecret(), randomBytes(32).toString('base64url'), { condition: 'NX' });
		return (await this.redis.get(keys.cookieSecret()))!;
	}
}
