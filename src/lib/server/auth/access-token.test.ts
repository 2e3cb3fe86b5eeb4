import { describe, expect, it } from 'vitest';
import { createHmac, randomUUID } from 'node:crypto';
import { checkClaims, decodeJwt, verifyAccessToken, verifyHs256 } from './access-token';

const SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function sign(claims: Record<string, unknown>, secret = SECRET, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }) {
	const input = `${b64(header)}.${b64(claims)}`;
	return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
const now = Math.floor(Date.now() / 1000);
const user = () => ({ sub: randomUUID(), role: 'authenticated', aud: 'authenticated', exp: now + 3600, iat: now, email: 'a@example.com', session_id: randomUUID() });
const noRemote = async () => {
	throw new Error('the remote verifier must not be asked');
};

describe('verifyHs256', () => {
	it('accepts a GoTrue-shaped user token signed with the secret', () => {
		const c = user();
		expect(verifyHs256(sign(c), SECRET)).toMatchObject({ ok: true, claims: { sub: c.sub } });
	});

	it.each([
		['bad signature', () => sign(user(), 'another-secret-of-at-least-32-characters!!'), 'bad signature'],
		['tampered payload', () => {
			const [h, , s] = sign(user()).split('.');
			return `${h}.${b64({ ...user(), role: 'service_role' })}.${s}`;
		}, 'bad signature'],
		['truncated signature', () => sign(user()).slice(0, -5), 'bad signature'],
		['expired', () => sign({ ...user(), exp: now - 1 }), 'expired'],
		['no exp', () => sign({ ...user(), exp: undefined }), 'no exp claim'],
		['not valid yet', () => sign({ ...user(), nbf: now + 3600 }), 'not valid yet'],
		['wrong audience', () => sign({ ...user(), aud: 'other' }), 'wrong audience'],
		['anon role', () => sign({ ...user(), role: 'anon' }), 'not a user token'],
		['service_role', () => sign({ role: 'service_role', iss: 'supabase-demo', exp: now + 3600 }), 'wrong audience'],
		['service_role with aud', () => sign({ role: 'service_role', aud: 'authenticated', exp: now + 3600 }), 'not a user token'],
		['sub not a uuid', () => sign({ ...user(), sub: 'admin' }), 'no user in sub'],
		['alg none', () => sign(user(), SECRET, { alg: 'none' }), 'not HS256'],
		['garbage', () => 'a.b.c', 'malformed']
	])('refuses %s', (_what, token, reason) => {
		expect(verifyHs256(token(), SECRET)).toEqual({ ok: false, reason });
	});

	it('accepts an audience list that includes authenticated', () => {
		expect(checkClaims({ ...user(), aud: ['x', 'authenticated'] }, now).ok).toBe(true);
	});
});

describe('verifyAccessToken', () => {
	it('decides HS256 locally when a secret is configured, never asking the API', async () => {
		const c = user();
		const u = await verifyAccessToken(sign(c), SECRET, noRemote);
		expect(u).toMatchObject({ id: c.sub, email: 'a@example.com', role: 'authenticated', aud: 'authenticated' });
		expect(await verifyAccessToken(sign(c, 'wrong-secret-wrong-secret-wrong-secret!!'), SECRET, noRemote)).toBeNull();
		expect(await verifyAccessToken(sign(c, SECRET, { alg: 'none' }), SECRET, noRemote)).toBeNull();
	});

	it('asks the Supabase API for asymmetric tokens and for HS256 without a secret, and checks its claims too', async () => {
		const c = user();
		const asked: string[] = [];
		const remote = (answer: Record<string, unknown> | null) => async (t: string) => (asked.push(t), answer);
		const es = sign(c, SECRET, { alg: 'ES256', kid: 'k1' });
		expect(await verifyAccessToken(es, SECRET, remote(c))).toMatchObject({ id: c.sub });
		expect(await verifyAccessToken(sign(c), null, remote(c))).toMatchObject({ id: c.sub });
		expect(await verifyAccessToken(sign(c), null, remote(null))).toBeNull();
		expect(await verifyAccessToken(es, SECRET, remote({ ...c, exp: now - 10 }))).toBeNull();
		expect(await verifyAccessToken(es, SECRET, remote({ ...c, role: 'service_role' }))).toBeNull();
		expect(await verifyAccessToken(es, SECRET, async () => Promise.reject(new Error('down')))).toBeNull();
		expect(asked).toHaveLength(5);
	});

	it('decodeJwt refuses what is not three base64url parts of JSON objects', () => {
		expect(decodeJwt('x')).toBeNull();
		expect(decodeJwt('a.b.c')).toBeNull();
		expect(decodeJwt(`${b64([1])}.${b64({})}.x`)).toBeNull();
		expect(decodeJwt(`${b64({})}.${b64({})}.x+y`)).toBeNull();
		expect(decodeJwt(`${b64({ alg: 'HS256' })}.${b64({ a: 1 })}.abc`)).not.toBeNull();
	});
});
