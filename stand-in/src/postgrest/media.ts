// Media types (docs/supabase-compat.md §3.7). `Accept` picks the first producible type by q-value: JSON,
// the singular object (`.single()`), the array with stripped nulls, or CSV; anything else is 406 PGRST107, as
// PostgREST answers a type it has no handler for. The request `Content-Type` must be JSON (the default when
// absent); the other bodies PostgREST parses (CSV, form, raw text/XML/binary) answer 400 PGRST102.
import { errors } from './errors.ts';

export type MediaKind = 'json' | 'object' | 'array' | 'csv';

export interface Media {
	kind: MediaKind;
	stripNulls: boolean;
	contentType: string;
}

const JSON_MEDIA: Media = { kind: 'json', stripNulls: false, contentType: 'application/json; charset=utf-8' };

interface Range {
	type: string;
	params: Record<string, string>;
	q: number;
	i: number;
}

function parseAccept(accept: string): Range[] {
	return accept
		.split(',')
		.map((part, i) => {
			const [type, ...params] = part.split(';').map((s) => s.trim());
			const p: Record<string, string> = {};
			for (const param of params) {
				const eq = param.indexOf('=');
				if (eq > 0) p[param.slice(0, eq).trim().toLowerCase()] = param.slice(eq + 1).trim().toLowerCase();
			}
			const q = p.q !== undefined && /^\d+(\.\d+)?$/.test(p.q) ? Number(p.q) : 1;
			return { type: type.toLowerCase(), params: p, q, i };
		})
		.filter((r) => r.type !== '')
		.sort((a, b) => b.q - a.q || a.i - b.i);
}

function producible(r: Range): Media | undefined {
	const stripped = r.params.nulls === 'stripped';
	switch (r.type) {
		case '*/*':
		case 'application/*':
		case 'application/json':
			return JSON_MEDIA;
		case 'application/vnd.pgrst.object+json':
		case 'application/vnd.pgrst.object':
			return {
				kind: 'object',
				stripNulls: stripped,
				contentType: `application/vnd.pgrst.object+json;${stripped ? ' nulls=stripped;' : ''} charset=utf-8`
			};
		case 'application/vnd.pgrst.array+json':
		case 'application/vnd.pgrst.array':
			return stripped
				? { kind: 'array', stripNulls: true, contentType: 'application/vnd.pgrst.array+json; nulls=stripped; charset=utf-8' }
				: JSON_MEDIA;
		case 'text/csv':
			return { kind: 'csv', stripNulls: false, contentType: 'text/csv; charset=utf-8' };
		default:
			return undefined;
	}
}

/** The negotiated response type; 406 PGRST107 listing the requested types when none is producible. */
export function negotiateMedia(accept: string | undefined): Media {
	if (!accept || accept.trim() === '') return JSON_MEDIA;
	const ranges = parseAccept(accept);
	for (const r of ranges) {
		if (r.q <= 0) continue;
		const media = producible(r);
		if (media) return media;
	}
	throw errors.accept(ranges.map((r) => r.type));
}

/** Refuses request bodies in a media type the stand-in does not parse (PostgREST's wording, 400 PGRST102). */
export function checkContentType(contentType: string | undefined): void {
	if (contentType === undefined || contentType.trim() === '') return;
	const type = contentType.split(';')[0].trim().toLowerCase();
	if (type === 'application/json' || type === '*/*') return;
	throw errors.invalidBody(`Content-Type not acceptable: ${type}`);
}
