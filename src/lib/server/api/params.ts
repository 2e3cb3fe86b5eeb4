// Reading an /api request: the JSON body, typed fields, and the draft revision (`expected_revision`
// or `If-Match`). Bad input is a 400 with a hint, before any RPC is called.
import type { RequestEvent } from '@sveltejs/kit';
import { badRequest } from './errors';

/** The JSON object in the request body; `{}` when the body is empty and `optional`. */
export async function readBody(event: RequestEvent, opts: { optional?: boolean } = {}): Promise<Record<string, unknown>> {
	const text = await event.request.text();
	if (text.trim() === '') {
		if (opts.optional) return {};
		throw badRequest('The request body is empty', 'Send a JSON object (Content-Type: application/json)', 'PGRST102');
	}
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (e) {
		throw badRequest(`Empty or invalid json: ${(e as Error).message}`, 'Send a JSON object (Content-Type: application/json)', 'PGRST102');
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
