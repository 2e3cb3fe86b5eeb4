// Reading an /api request: the JSON body, typed fields, and the draft revision (`expected_revision`
// or `If-Match`). Bad input is a 400 with a hint, before any RPC is called. The body is read up to the body
// limit (413 above it) and its nesting is measured before JSON.parse (400 above a definition's 64 levels),
// so nothing recursive ever sees a hostile body (docs/architecture.md, "Bounded input").
import type { RequestEvent } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { ApiFailure, badRequest } from './errors';
import { firstInexactNumber } from '../json-numbers';
import { BodyTooLarge, MAX_BODY_DEPTH, bodyLimit, formatBytes, nestingExceeds, readTextWithin } from '../json-limits';

/** The JSON object in the request body; `{}` when the body is empty and `optional`. */
export async function readBody(event: RequestEvent, opts: { optional?: boolean } = {}): Promise<Record<string, unknown>> {
	const limit = bodyLimit(env.BODY_SIZE_LIMIT);
	let text: string;
	try {
		text = await readTextWithin(event.request, limit);
	} catch (e) {
		if (e instanceof BodyTooLarge) {
			throw new ApiFailure(413, {
				code: 'PT413',
				message: `The request body is larger than ${formatBytes(limit)}`,
				details: null,
				hint: 'Send a smaller body: a definition may hold at most 1 MiB of JSON'
			});
		}
		throw badRequest('The request body could not be read', 'Send the whole body, with a correct Content-Length', 'PGRST102');
	}
	if (text.trim() === '') {
		if (opts.optional) return {};
		throw badRequest('The request body is empty', 'Send a JSON object (Content-Type: application/json)', 'PGRST102');
	}
	if (nestingExceeds(text, MAX_BODY_DEPTH)) {
		throw new ApiFailure(400, {
			code: '22023',
			message: `The request body nests arrays and objects more than ${MAX_BODY_DEPTH} levels deep`,
			details: `A definition may nest at most ${MAX_BODY_DEPTH} levels of arrays and objects.`,
			hint: 'Flatten the definition: keep configs shallower than 64 levels'
		});
	}
	const inexact = firstInexactNumber(text);
	if (inexact !== null) {
		const shown = inexact.length > 40 ? `${inexact.slice(0, 40)}…` : inexact;
		throw new ApiFailure(400, {
			code: '22003',
			message: `The number ${shown} cannot be kept exactly: the /api routes hold numbers as 64-bit floating point`,
			details: 'Integers beyond ±9007199254740991, more than about 17 significant digits, and magnitudes beyond 1.8e308 or below 5e-324 change when parsed. Nothing was written.',
			hint: 'Send such a value as a JSON string (e.g. "12345678901234567890"), or call the RPC through the Supabase API, which keeps numbers exactly'
		});
	}
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		// PostgREST's words; the parser's own message (positions, tokens) stays out of the answer.
		throw badRequest('Empty or invalid json', 'Send a JSON object (Content-Type: application/json)', 'PGRST102');
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw badRequest('The request body must be a JSON object', 'Send a JSON object such as {"note": "…"}', 'PGRST102');
	}
	return value as Record<string, unknown>;
}

/** An optional integer field (absent or null → undefined). */
export function optionalInt(value: unknown, name: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
		throw badRequest(`${name} must be an integer`, `Send ${name} as a whole number, e.g. 3`);
	}
	return n;
}

export function optionalString(value: unknown, name: string): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw badRequest(`${name} must be a string`, `Send ${name} as a JSON string`);
	return value;
}

export function requiredString(value: unknown, name: string, hint: string): string {
	const s = optionalString(value, name);
	if (s === undefined || s === '') throw badRequest(`${name} is required`, hint);
	return s;
}

/**
 * The draft revision a write builds on: the body's `expected_revision`, or `If-Match: "<revision>"`.
 * Both given and different → 400.
 */
export function expectedRevision(event: RequestEvent, fromBody: unknown): number | undefined {
	const body = optionalInt(fromBody, 'expected_revision');
	const header = event.request.headers.get('if-match');
	let fromHeader: number | undefined;
	if (header && header.trim() !== '*') {
		const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
		if (!m) throw badRequest('If-Match must carry the draft revision, e.g. If-Match: "3"', 'Send the ETag you received with the draft');
		fromHeader = Number(m[1]);
	}
	if (body !== undefined && fromHeader !== undefined && body !== fromHeader) {
		throw badRequest(
			`expected_revision (${body}) and If-Match (${fromHeader}) disagree`,
			'Send the revision once: in the body or in If-Match'
		);
	}
	return body ?? fromHeader;
}

/** `ETag: "<revision>"` for a draft row; nothing for published versions. */
export function draftETag(row: { state?: string | null; revision?: number | null } | null): Record<string, string> {
	return row && row.state === 'draft' && typeof row.revision === 'number' ? { ETag: `"${row.revision}"` } : {};
}
