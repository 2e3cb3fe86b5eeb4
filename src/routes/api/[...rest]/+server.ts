// Unknown /api paths answer JSON 404 like PostgREST's bad-path error, not the HTML error page.
import { json } from '$lib/server/api/errors';
import type { RequestHandler } from './$types';

export const fallback: RequestHandler = ({ url, request }) =>
	json(404, {
		code: 'PGRST125',
		message: `No API route ${request.method} ${url.pathname}`,
		details: null,
		hint: 'See docs/api.md for the /api routes'
	});
