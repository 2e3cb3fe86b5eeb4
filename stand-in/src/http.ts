// Small HTTP helpers shared by the PostgREST and GoTrue halves: bodies, URLs, responses, CORS (as Kong's `cors`
// plugin answers it locally, plus each service's exposed headers; docs/supabase-compat.md §2).
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Headers = Record<string, string>;

export interface Reply {
	status: number;
	headers: Headers;
	/** Already-serialised body; undefined for none. */
	body?: string;
}

/** What the request logger learns while a request is handled. */
export interface RequestState {
	role: string | null;
	error?: string;
}

export class BodyTooLargeError extends Error {}

/** Reads the body up to `limit` bytes; a declared or actual larger body throws BodyTooLargeError. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
	const declared = Number(req.headers['content-length']);
	if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(`request body larger than ${limit} bytes`);
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > limit) throw new BodyTooLargeError(`request body larger than ${limit} bytes`);
		chunks.push(chunk);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/** Which part of a raw request target (`/path?query`) is not valid percent-encoded UTF-8, if any. */
export function malformedPercentEncoding(target: string): 'path' | 'query' | undefined {
	const q = target.indexOf('?');
	const path = q < 0 ? target : target.slice(0, q);
	const query = q < 0 ? '' : target.slice(q + 1);
	const bad = (s: string) => {
		try {
			decodeURIComponent(s);
			return false;
		} catch {
			return true;
		}
	};
	if (path.split('/').some(bad)) return 'path';
	if (query.split('&').some((pair) => pair.split('=').some(bad))) return 'query';
	return undefined;
}

/** A header as one string (Node joins repeated headers; set-cookie is never a request header). */
export function header(req: IncomingMessage, name: string): string | undefined {
	const v = req.headers[name];
	if (v === undefined) return undefined;
	return Array.isArray(v) ? v.join(', ') : v;
}

export function json(status: number, value: unknown, headers: Headers = {}): Reply {
	return {
		status,
		headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
		body: JSON.stringify(value)
	};
}

const REQUEST_HEADERS_ALLOWED =
	'apikey, authorization, x-client-info, content-type, accept-profile, content-profile, prefer, range, x-supabase-api-version, x-retry-count, accept';

export const REST_EXPOSED_HEADERS =
	'Content-Encoding, Content-Location, Content-Range, Content-Type, Date, Location, Server, Transfer-Encoding, Range-Unit';
export const AUTH_EXPOSED_HEADERS = 'X-Total-Count, Link, X-Supabase-Api-Version';

/** Is this a CORS preflight (OPTIONS with Origin and Access-Control-Request-Method)? */
export function isPreflight(req: IncomingMessage): boolean {
	return req.method === 'OPTIONS' && !!req.headers.origin && !!req.headers['access-control-request-method'];
}

/** Kong's `cors` plugin with its defaults: any origin, echo the requested headers, no body. */
export function preflightReply(req: IncomingMessage): Reply {
	const requested = header(req, 'access-control-request-headers');
	return {
		status: 200,
		headers: {
			'Access-Control-Allow-Origin': '*',
			'Access-Control-Allow-Methods': 'GET,HEAD,PUT,PATCH,POST,DELETE,OPTIONS,TRACE,CONNECT',
			'Access-Control-Allow-Headers': requested || REQUEST_HEADERS_ALLOWED,
			'Access-Control-Max-Age': '3600',
			'Content-Length': '0'
		}
	};
}

export function corsHeaders(exposed: string): Headers {
	return { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': exposed };
}

export function send(res: ServerResponse, reply: Reply, withBody: boolean): void {
	const headers: Record<string, string | number> = { ...reply.headers };
	// HEAD answers carry the Content-Length the GET would have had.
	if (reply.body !== undefined) headers['Content-Length'] = Buffer.byteLength(reply.body);
	res.writeHead(reply.status, headers);
	res.end(withBody ? reply.body : undefined);
}

/** Decodes an `application/x-www-form-urlencoded` component (`+` is a space). The gateway has already refused
 * malformed percent-encoding (malformedPercentEncoding), so decoding cannot fail here. */
export function formDecode(s: string): string {
	return decodeURIComponent(s.replace(/\+/g, ' '));
}

/** Query-string pairs in order, form-decoded; repeated keys are kept. */
export function queryPairs(search: string): Array<[string, string]> {
	const q = search.startsWith('?') ? search.slice(1) : search;
	if (!q) return [];
	return q
		.split('&')
		.filter(Boolean)
		.map((part) => {
			const i = part.indexOf('=');
			return i < 0 ? [formDecode(part), ''] : [formDecode(part.slice(0, i)), formDecode(part.slice(i + 1))];
		});
}

export function clientIp(req: IncomingMessage): string {
	const fwd = header(req, 'x-forwarded-for');
	if (fwd) return fwd.split(',')[0].trim();
	return (req.socket.remoteAddress || '127.0.0.1').replace(/^::ffff:/, '');
}
