// A request URL whose path or query is not valid percent-encoded UTF-8 (`%zz`, `%E0%A4%A`, a lone `%`).
// SvelteKit answers such a path with its HTML error page; the /api routes answer 400 with their JSON error
// body instead (hooks.server.ts), as the Supabase API does (docs/supabase-compat.md §2.3).

/** Which part of the URL does not decode, or null when both do. */
export function malformedUrlPart(url: URL): 'path' | 'query' | null {
	try {
		decodeURI(url.pathname);
	} catch {
		return 'path';
	}
	const query = url.search.slice(1);
	if (query) {
		for (const part of query.split('&')) {
			try {
				decodeURIComponent(part.replace(/\+/g, ' '));
			} catch {
				return 'query';
			}
		}
	}
	return null;
}
