// The login page's `next` parameter, kept on this site (no open redirect).
/**
 * Where to go after signing in: a path on this site, never elsewhere. Resolved the way a browser resolves
 * it, so `//evil`, `/\\evil` and control characters cannot turn a path into another origin. The answer is
 * what the browser will resolve again from the Location header, so it is checked once more after
 * normalisation: dot segments (`/..//evil`, `/.%2e//evil`) can leave a path that starts with `//`, which a
 * browser reads as another host.
 */
export function safeNext(next: FormDataEntryValue | null, origin: string): string {
	const n = typeof next === 'string' ? next : '';
	if (!isSitePath(n)) return '/';
	try {
		const u = new URL(n, origin);
		if (u.origin !== origin) return '/';
		const path = u.pathname + u.search + u.hash;
		return isSitePath(path) && new URL(path, origin).origin === origin ? path : '/';
	} catch {
		return '/';
	}
}

/** One leading slash, then no slash or backslash: a path, not a scheme-relative URL. No control characters. */
function isSitePath(p: string): boolean {
	return p.startsWith('/') && !/^\/[/\\]/.test(p) && !/[\\\u0000-\u001f\u007f]/.test(p);
}
