// The login page's `next` parameter, kept on this site (no open redirect).
/**
 * Where to go after signing in: a path on this site, never elsewhere. Resolved the way a browser resolves
 * it, so `//evil`, `/\\evil` and control characters cannot turn a path into another origin.
 */
export function safeNext(next: FormDataEntryValue | null, origin: string): string {
	const n = typeof next === 'string' ? next : '';
	if (!n.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(n)) return '/';
	try {
		const u = new URL(n, origin);
		return u.origin === origin ? u.pathname + u.search + u.hash : '/';
	} catch {
		return '/';
	}
}
