/**
 * JSON value helpers shared by the graph modules.
 *
 * `jsonEqual` compares two values the way PostgreSQL compares `jsonb`: object key order does not
 * matter, array order does, and a property whose value is `undefined` is the same as an absent one
 * (it would not survive `JSON.stringify`). It walks plain data with an explicit stack, so no input is too
 * deep for it.
 */

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function jsonEqual(a: unknown, b: unknown): boolean {
	// An explicit stack of pairs still to compare, not recursion: a value nested deeper than the call
	// stack (one stored before the database limited depth) compares like any other.
	const stack: [unknown, unknown][] = [[a, b]];
	while (stack.length) {
		const [x, y] = stack.pop()!;
		if (x === y) continue;
		if (typeof x !== typeof y) return false;
		if (typeof x === 'number') {
			if (Number.isNaN(x) && Number.isNaN(y as number)) continue;
			return false;
		}
		if (typeof x !== 'object' || x === null || y === null) return false;

		const xIsArray = Array.isArray(x);
		if (xIsArray !== Array.isArray(y)) return false;
		if (xIsArray) {
			const yArray = y as unknown[];
			if (x.length !== yArray.length) return false;
			for (let i = x.length - 1; i >= 0; i--) stack.push([x[i], yArray[i]]);
			continue;
		}

		const xObject = x as JsonObject;
		const yObject = y as JsonObject;
		let xCount = 0;
		for (const key in xObject) {
			if (!Object.prototype.hasOwnProperty.call(xObject, key)) continue;
			const value = xObject[key];
			if (value === undefined) continue;
			xCount++;
			if (!Object.prototype.hasOwnProperty.call(yObject, key)) return false;
			stack.push([value, yObject[key]]);
		}
		let yCount = 0;
		for (const key in yObject) {
			if (Object.prototype.hasOwnProperty.call(yObject, key) && yObject[key] !== undefined) yCount++;
		}
		if (xCount !== yCount) return false;
	}
	return true;
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
