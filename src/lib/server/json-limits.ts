// Limits on what the server parses (docs/architecture.md, "Bounded input"): a request body is read up to a
// byte limit and its nesting is measured by one linear pass over the text BEFORE JSON.parse, so nothing
// recursive (supabase-js's JSON.stringify of the RPC arguments, the renderers) ever sees a value deeper
// than a definition may be.

/** A definition nests at most this many levels of arrays and objects (the database's limit). */
export const MAX_DEFINITION_DEPTH = 64;

/**
 * The most an `/api` body may nest below its top-level value: the request object wraps the definition, so a
 * definition of 64 levels fits and one level more does not (the same rule as the Supabase API stand-in,
 * docs/supabase-compat.md §2.3).
 */
export const MAX_BODY_DEPTH = MAX_DEFINITION_DEPTH;

/**
 * The largest `/api` request body, in bytes. A definition is at most 1 MiB of JSON text; 4 MiB leaves room
 * for escapes. adapter-node's BODY_SIZE_LIMIT (512K unless set; `npm start` sets 4M) applies first when it
 * is smaller: both are answered 413.
 */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * True when `text` (JSON or not) nests arrays/objects more than `maxBelowTop` levels below its top-level
 * value: `[]` is level 0, `[[]]` reaches level 1. Brackets inside strings do not count. Linear, no recursion,
 * stops at the first level too deep.
 */
export function nestingExceeds(text: string, maxBelowTop: number): boolean {
	const limit = maxBelowTop + 1;
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c) i++; // backslash: skip the escaped character
			else if (c === 0x22) inString = false;
			continue;
		}
		if (c === 0x22) inString = true;
		else if (c === 0x5b || c === 0x7b) {
			if (++depth > limit) return true;
		} else if (c === 0x5d || c === 0x7d) {
			if (depth > 0) depth--;
		}
	}
	return false;
}

/**
 * adapter-node's BODY_SIZE_LIMIT as bytes (`512K`, `4M`, `1G`, a number, `Infinity`; 512K when unset), read
 * the way the adapter reads it; null when it is not a number (the adapter refuses to start then).
 */
export function parseByteSize(value: string | undefined): number | null {
	const v = (value ?? '512K').trim();
	const unit = ({ K: 1024, M: 1024 ** 2, G: 1024 ** 3 } as Record<string, number>)[v.slice(-1).toUpperCase()];
	const n = Number(unit ? v.slice(0, -1) : v) * (unit ?? 1);
	return Number.isNaN(n) ? null : n;
}

/** The body limit the /api routes enforce: MAX_BODY_BYTES, or the adapter's BODY_SIZE_LIMIT when smaller. */
export function bodyLimit(adapterLimit: string | undefined): number {
	const adapter = parseByteSize(adapterLimit);
	return adapter !== null && adapter > 0 && adapter < MAX_BODY_BYTES ? adapter : MAX_BODY_BYTES;
}

/** The body was larger than the limit (declared in Content-Length or counted while reading). */
export class BodyTooLarge extends Error {
	readonly limit: number;
	constructor(limit: number) {
		super(`The request body is larger than ${limit} bytes`);
		this.limit = limit;
	}
}

/** adapter-node refuses a body over BODY_SIZE_LIMIT while it is read (SvelteKitError, status 413). */
function isPayloadTooLarge(e: unknown): boolean {
	return !!e && typeof e === 'object' && 'status' in e && (e as { status: unknown }).status === 413;
}

/**
 * The request body as UTF-8 text, refusing (BodyTooLarge) more than `maxBytes`: a declared Content-Length is
 * refused before anything is read; otherwise the stream is read chunk by chunk and abandoned at the limit.
 */
export async function readTextWithin(request: Request, maxBytes: number): Promise<string> {
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLarge(maxBytes);
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > maxBytes) {
				await reader.cancel().catch(() => {});
				throw new BodyTooLarge(maxBytes);
			}
			chunks.push(value);
		}
	} catch (e) {
		if (e instanceof BodyTooLarge) throw e;
		if (isPayloadTooLarge(e)) throw new BodyTooLarge(maxBytes);
		throw e;
	}
	return new TextDecoder().decode(concat(chunks, size));
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
	if (chunks.length === 1) return chunks[0];
	const out = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.byteLength;
	}
	return out;
}

/** "4 MiB", "512 KiB", "100 bytes": a limit as a person reads it. */
export function formatBytes(n: number): string {
	if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
	if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
	return `${n} bytes`;
}
