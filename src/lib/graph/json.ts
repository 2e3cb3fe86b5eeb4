/**
 * JSON value helpers shared by the graph modules.
 *
 * `jsonEqual` compares two values the way PostgreSQL compares `jsonb`: object key order does not
 * matter, array order does, and a property whose value is `undefined` is the same as an absent one
 * (it would not survive `JSON.stringify`). It is iterative-recursive over plain data only.
 */

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function jsonEqual(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== typeof b) return false;
	if (typeof a === 'number') return Number.isNaN(a) && Number.isNaN(b as number);
	if (typeof a !== 'object' || a === null || b === null) return false;

	const aIsArray = Array.isArray(a);
	if (aIsArray !== Array.isArray(b)) return false;
	if (aIsArray) {
		const bArray = b as unknown[];
		if (a.length !== bArray.length) return false;
		for (let i = 0; i < a.length; i++) {
			if (!jsonEqual(a[i], bArray[i])) return false;
		}
		return true;
	}

	const aObject = a as JsonObject;
	const bObject = b as JsonObject;
	let aCount = 0;
	for (const key in aObject) {
		if (!Object.prototype.hasOwnProperty.call(aObject, key)) continue;
		const value = aObject[key];
		if (value === undefined) continue;
		aCount++;
		if (!Object.prototype.hasOwnProperty.call(bObject, key)) return false;
		if (!jsonEqual(value, bObject[key])) return false;
	}
	let bCount = 0;
	for (const key in bObject) {
		if (Object.prototype.hasOwnProperty.call(bObject, key) && bObject[key] !== undefined) bCount++;
	}
	return aCount === bCount;
}

/** What the pages show where a value nested deeper than they draw was cut off. */
export const CUT_MARKER = '…';

/**
 * A copy of `value` in which every array or object nested more than `maxDepth` levels deep (the value
 * itself is level 1) is replaced by CUT_MARKER, and whether anything was cut. The pages draw definitions
 * through recursive code (SvelteKit's data serialization, JSON.stringify, jsondiffpatch, the inspector); a
 * definition within the database's 64 levels passes unchanged, and one stored before that limit cannot
 * overflow them. The copy recurses at most `maxDepth` levels; untouched values are shared, not copied.
 */
export function capDepth<T>(value: T, maxDepth: number): { value: T; cut: boolean } {
	let cut = false;
	const walk = (v: unknown, level: number): unknown => {
		if (v === null || typeof v !== 'object') return v;
		if (level > maxDepth) {
			cut = true;
			return CUT_MARKER;
		}
		if (Array.isArray(v)) {
			let out: unknown[] | null = null;
			for (let i = 0; i < v.length; i++) {
				const c = walk(v[i], level + 1);
				if (c !== v[i]) (out ??= v.slice())[i] = c;
			}
			return out ?? v;
		}
		let out: Record<string, unknown> | null = null;
		for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
			const c = walk(child, level + 1);
			// defineProperty, not `out[k] =`: a "__proto__" key from JSON.parse is data, not the prototype.
			if (c !== child) Object.defineProperty((out ??= { ...(v as Record<string, unknown>) }), k, { value: c, enumerable: true, writable: true, configurable: true });
		}
		return out ?? v;
	};
	const capped = walk(value, 1) as T;
	return { value: capped, cut };
}
