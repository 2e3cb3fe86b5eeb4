// Request bodies (docs/supabase-compat.md §2.3 and §3.5): the nesting depth is checked by a linear scan before
// JSON.parse builds anything, then the JSON is read the way PostgREST's payload parser reads it.
import { ApiError, errors } from './errors.ts';

/** Levels of arrays and objects a body may nest below its top-level value. */
export const MAX_BODY_DEPTH = 64;

/**
 * Whether `text` nests arrays/objects more than `levels` below its top-level value (the top-level object or
 * array is level 0, so one argument envelope around a value of `levels` levels fits). One pass, no recursion,
 * strings skipped; it stops at the first container past the limit.
 */
export function nestsDeeperThan(text: string, levels: number): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text.charCodeAt(i);
		if (inString) {
			if (ch === 0x5c) i++;
			else if (ch === 0x22) inString = false;
		} else if (ch === 0x22) inString = true;
		else if (ch === 0x7b || ch === 0x5b) {
			if (++depth > levels + 1) return true;
		} else if (ch === 0x7d || ch === 0x5d) depth--;
	}
	return false;
}

export function tooDeepError(levels: number): ApiError {
	return new ApiError(
		400,
		'22023',
		`The request body nests arrays and objects more than ${levels} levels deep`,
		`A body may nest at most ${levels} levels of arrays and objects below its top-level value.`,
		'Send a flatter value; the database refuses deeper definitions too.'
	);
}

/** JSON.parse after the depth check; anything unparseable is PostgREST's 400 PGRST102. */
export function parseJsonBody(text: string, maxDepth: number): unknown {
	if (nestsDeeperThan(text, maxDepth)) throw tooDeepError(maxDepth);
	try {
		return JSON.parse(text);
	} catch {
		throw errors.invalidBody();
	}
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface RowsPayload {
	/** The body as rows (an object is one row; a non-object, non-array value is no row at all). */
	rows: Array<Record<string, unknown>>;
	/** Columns written: the `columns` parameter, else the keys every object shares (PGRST102 if they differ). */
	keys: string[];
	/** The body was one object rather than an array. */
	single: boolean;
}

/** A table write's body as PostgREST's payloadAttributes reads it. */
export function rowsPayload(text: string, columns: string[] | undefined, maxDepth: number): RowsPayload {
	const parsed = parseJsonBody(text, maxDepth);
	const single = isObject(parsed);
	const list: unknown[] = single ? [parsed] : Array.isArray(parsed) ? parsed : [];
	if (columns) {
		return { rows: list.filter(isObject), keys: columns, single };
	}
	if (list.length === 0) return { rows: [], keys: [], single };
	if (!isObject(list[0])) throw errors.invalidBody('All object keys must match');
	const keys = Object.keys(list[0]);
	const canonical = [...keys].sort().join('\u0000');
	for (const row of list) {
		if (!isObject(row) || Object.keys(row).sort().join('\u0000') !== canonical) throw errors.invalidBody('All object keys must match');
	}
	return { rows: list as Array<Record<string, unknown>>, keys, single };
}
