/**
 * Staff log-in and sessions. A session is a random id stored in Redis with the principal it stands for;
 * the cookie carries the id and an HMAC of it, so a forged cookie is refused before Redis is asked and a
 * stale one (logged out, expired, or replaced) finds nothing.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { type AccountCreate, type AccountView, type LoginRequest, type Principal, SESSION_COOKIE } from '../../shared/identity.schema';
import { CommandError } from '../../shared/result';
import type { RedisClient } from '../redis/redis-connection';
import { keys } from '../redis/redis-keys';
import type { IdentityRepository } from './identity.repository';
import { hashPassword, verifyPassword } from './password';

const SESSION_TTL_SECONDS = 12 * 3600;

const accountNotFound = (username: string) => new CommandError('NOT_FOUND', { zh: `账号 ${username} 不存在。`, en: `There is no account ${username}.` });

const WRONG_LOGIN = {
	zh: '用户名或密码不正确。',
	en: 'Wrong user name or password.'
};

/** The value of cookie `name`, or null when it is absent or not validly percent-encoded. */
export function readCookie(header: string | undefined, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
		try {
			return decodeURIComponent(part.slice(eq + 1).trim());
		} catch {
			return null; // a malformed cookie is no session, not a server error
		}
	}
	return null;
}

export class IdentityService {
	/** Ends a session's live connections; set by the application, which owns the sockets. */
	terminate: (sessionId: string) => void = () => {};
	#secret: Buffer | null = null;
	readonly #perAccount: RateLimiterRedis;
	readonly #perAddress: RateLimiterRedis;

	constructor(
		private readonly repo: IdentityRepository,
		redis: RedisClient,
		private readonly options: { secureCookies: boolean } = { secureCookies: false }
	) {
		// Limits hold across processes because the counters live in Redis.
		this.#perAccount = new RateLimiterRedis({ storeClient: redis, useRedisPackage: true, keyPrefix: `${keys.loginRateLimit()}:account`, points: 5, duration: 600, blockDuration: 600 });
		this.#perAddress = new RateLimiterRedis({ storeClient: redis, useRedisPackage: true, keyPrefix: `${keys.loginRateLimit()}:address`, points: 30, duration: 600 });
	}

	async #key(): Promise<Buffer> {
		this.#secret ??= Buffer.from(await this.repo.cookieSecret(), 'base64url');
		return this.#secret;
	}

	async #sign(sessionId: string): Promise<string> {
		return `${sessionId}.${createHmac('sha256', await this.#key()).update(sessionId).digest('base64url')}`;
	}

	async #unsign(value: string): Promise<string | null> {
		const dot = value.lastIndexOf('.');
		if (dot <= 0) return null;
		const sessionId = value.slice(0, dot);
		const expected = Buffer.from((await this.#sign(sessionId)).slice(dot + 1));
		const given = Buffer.from(value.slice(dot + 1));
		return expected.length === given.length && timingSafeEqual(expected, given) ? sessionId : null;
	}

	/** Set-Cookie value for a session (httpOnly, SameSite=Lax). */
	cookie(value: string, maxAgeSeconds: number): string {
		const secure = this.options.secureCookies ? '; Secure' : '';
		return `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
	}

	/** Starts a session for `principal`: its id, and the Set-Cookie value that carries it. */
	async startSession(principal: Principal, ttlSeconds = SESSION_TTL_SECONDS): Promise<{ sessionId: string; setCookie: string }> {
		const sessionId = randomBytes(24).toString('base64url');
		await this.repo.saveSession(sessionId, principal, ttlSeconds);
		if (principal.role === 'host' || principal.role === 'clerk') await this.repo.addAccountSession(principal.subjectId, sessionId, ttlSeconds);
		return { sessionId, setCookie: this.cookie(await this.#sign(sessionId), ttlSeconds) };
	}

	endSession(sessionId: string): Promise<void> {
		return this.repo.deleteSession(sessionId);
	}

	async login(request: LoginRequest, address: string): Promise<{ setCookie: string; principal: Principal }> {
		const username = request.username.normalize('NFKC');
		try {
			await Promise.all([this.#perAccount.consume(`${address}:${username}`), this.#perAddress.consume(address)]);
		} catch (err) {
			if (!(err instanceof RateLimiterRes)) throw err;
			const minutes = Math.max(1, Math.ceil(err.msBeforeNext / 60_000));
			throw new CommandError('RATE_LIMITED', {
				zh: `登录失败次数过多，请 ${minutes} 分钟后再试。`,
				en: `Too many log-in attempts; try again in ${minutes} min.`
			});
		}
		const account = await this.repo.getAccount(username);
		// Verify against a real hash even for unknown names, so timing does not reveal which exist.
		const ok = await verifyPassword(request.password, account?.passwordHash ?? (await this.#decoyHash()));
		if (!account || !ok) throw new CommandError('UNAUTHENTICATED', WRONG_LOGIN);
		await this.#perAccount.delete(`${address}:${username}`);
		const principal: Principal = { role: account.role, subjectId: account.username, name: account.displayName, admin: account.admin };
		return { setCookie: (await this.startSession(principal)).setCookie, principal };
	}

	#decoy: Promise<string> | null = null;
	#decoyHash(): Promise<string> {
		return (this.#decoy ??= hashPassword(randomBytes(16).toString('hex')));
	}

	/** The session id of a correctly signed session cookie, or null. */
	async #sessionIdFrom(cookieHeader: string | undefined): Promise<string | null> {
		const value = readCookie(cookieHeader, SESSION_COOKIE);
		return value ? this.#unsign(value) : null;
	}

	/** The principal a request's cookies stand for, or null for a missing, forged or stale cookie. */
	async principalFromCookies(cookieHeader: string | undefined): Promise<Principal | null> {
		return (await this.sessionFromCookies(cookieHeader))?.principal ?? null;
	}

	/**
	 * The session a request's cookies stand for. A staff session ends with its account: a removed
	 * account's cookie is no session, even before it expires.
	 */
	async sessionFromCookies(cookieHeader: string | undefined): Promise<{ sessionId: string; principal: Principal } | null> {
		const sessionId = await this.#sessionIdFrom(cookieHeader);
		const principal = sessionId ? await this.repo.getSession(sessionId) : null;
		if (!sessionId || !principal) return null;
		if ((principal.role === 'host' || principal.role === 'clerk') && !(await this.repo.getAccount(principal.subjectId))) return null;
		return { sessionId, principal };
	}

	async logout(cookieHeader: string | undefined): Promise<string> {
		const sessionId = await this.#sessionIdFrom(cookieHeader);
		if (sessionId) await this.repo.deleteSession(sessionId);
		return this.cookie('', 0);
	}

	async listAccounts(): Promise<AccountView[]> {
		return (await this.repo.listAccounts()).map(({ username, displayName, role, admin }) => ({ username, displayName, role, admin }));
	}

	async createAccount(input: AccountCreate): Promise<AccountView> {
		const { password, ...view } = input;
		const created = await this.repo.createAccount({ ...view, passwordHash: await hashPassword(password) });
		if (!created) throw new CommandError('CONFLICT', { zh: `用户名 ${input.username} 已被使用。`, en: `The user name ${input.username} is taken.` });
		return view;
	}

	/** Sets a new password and signs the account out everywhere but in `keepSessionId` (the caller's). */
	async setPassword(username: string, password: string, keepSessionId: string | null = null): Promise<void> {
		const account = await this.repo.getAccount(username);
		if (!account || !(await this.repo.updateAccount({ ...account, passwordHash: await hashPassword(password) }))) throw accountNotFound(username);
		await this.#endAccountSessions(username, keepSessionId);
	}

	/** Signs an account out everywhere: its sessions are deleted and its live connections dropped. */
	async #endAccountSessions(username: string, keepSessionId: string | null = null): Promise<void> {
		for (const sessionId of await this.repo.takeAccountSessions(username)) {
			if (sessionId === keepSessionId) {
				await this.repo.addAccountSession(username, sessionId, SESSION_TTL_SECONDS);
				continue;
			}
			await this.repo.deleteSession(sessionId);
			this.terminate(sessionId);
		}
	}

	/** Removes an account; its sessions end with it. An administrator cannot remove themselves. */
	async removeAccount(username: string, by: Principal): Promise<void> {
		if (username === by.subjectId) {
			throw new CommandError('CONFLICT', { zh: '不能删除自己正在使用的账号。', en: 'You cannot remove the account you are signed in with.' });
		}
		if (!(await this.repo.deleteAccount(username))) throw accountNotFound(username);
		await this.#endAccountSessions(username);
	}

	/**
	 * At first start, creates the administrator: with ADMIN_PASSWORD when given, else a random password
	 * returned once for printing. Returns null when accounts exist already.
	 */
	async ensureFirstAdmin(password?: string): Promise<{ username: string; password: string; generated: boolean } | null> {
		if ((await this.repo.countAccounts()) > 0) return null;
		const chosen = password ?? randomBytes(9).toString('base64url');
		const created = await this.repo.createAccount({
			username: 'admin',
			displayName: '管理员',
			role: 'host',
			admin: true,
			passwordHash: await hashPassword(chosen)
		});
		return created ? { username: 'admin', password: chosen, generated: password === undefined } : null;
	}
}
