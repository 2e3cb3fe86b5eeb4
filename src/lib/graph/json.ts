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
