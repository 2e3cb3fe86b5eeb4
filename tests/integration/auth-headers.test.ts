// Responses that set auth cookies must not be cached by a CDN or proxy, or one user's session could be
// served to another: @supabase/ssr hands the headers for that to `setAll` with the cookies, and
// src/hooks.server.ts forwards them. Real parts: the production build of the app in front of the local
// Supabase stand-in on a seeded throwaway database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, EMAILS, startStack, type Stack } from './contract/stack';

let stack: Stack;
let app: string;

beforeAll(async () => {
	stack = await startStack({ app: true, prefix: 'wv_auth_headers' });
	app = stack.appUrl!;
});

afterAll(async () => {
	await stack?.stop();
});

async function signInThroughTheForm(password: string) {
	return fetch(`${app}/login`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html', Origin: app },
		body: new URLSearchParams({ email: EMAILS.editor, password }),
		redirect: 'manual'
	});
}

describe('auth responses and caching', () => {
	it('the answer that sets the session cookies forbids caching', async () => {
		const res = await signInThroughTheForm(DEMO_PASSWORD);
		expect(res.status).toBe(303);
		expect(res.headers.getSetCookie().some((c) => c.startsWith('sb-'))).toBe(true);
		const cacheControl = res.headers.get('cache-control') ?? '';
		expect(cacheControl).toContain('private');
		expect(cacheControl).toContain('no-store');
		expect(res.headers.get('expires')).toBe('0');
		expect(res.headers.get('pragma')).toBe('no-cache');
	});

	it('a refused sign-in sets no session cookie', async () => {
		const res = await signInThroughTheForm('not-the-password');
		expect(res.status).toBe(400);
		expect(res.headers.getSetCookie().some((c) => c.startsWith('sb-'))).toBe(false);
	});
});
