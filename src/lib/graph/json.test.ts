import { describe, expect, it } from 'vitest';
import { CUT_MARKER, capDepth, jsonEqual } from './json';

function nest(depth: number): unknown {
	let v: unknown = 'leaf';
	for (let i = 0; i < depth; i++) v = i % 2 ? { k: v } : [v];
	return v;
}
function depthOf(v: unknown): number {
	let d = 0;
	while (v !== null && typeof v === 'object') {
		v = Array.isArray(v) ? v[0] : (v as { k: unknown }).k;
		d++;
	}
	return d;
}

describe('capDepth', () => {
	it('leaves a value within the cap untouched (the same object)', () => {
		const def = { nodes: [{ id: 'a', data: { config: nest(60) } }], edges: [] };
		const r = capDepth(def, 64);
		expect(r.cut).toBe(false);
		expect(r.value).toBe(def);
	});

	it('cuts what is deeper than the cap and marks it', () => {
		const r = capDepth({ deep: nest(100) }, 64);
		expect(r.cut).toBe(true);
		expect(depthOf((r.value as { deep: unknown }).deep)).toBe(63);
		expect(JSON.stringify(r.value)).toContain(JSON.stringify(CUT_MARKER));
		// exactly 64 levels fit; 65 do not
		expect(capDepth(nest(64), 64).cut).toBe(false);
		expect(capDepth(nest(65), 64).cut).toBe(true);
	});

	it('handles 100,000 levels without overflowing the stack, and shares untouched siblings', () => {
		const sibling = { big: 'x'.repeat(1000) };
		const input = { a: nest(100_000), b: sibling };
		const r = capDepth(input, 64);
		expect(r.cut).toBe(true);
		expect((r.value as typeof input).b).toBe(sibling);
		expect(input.a).not.toBe(CUT_MARKER); // the input is not modified
		expect(jsonEqual(capDepth(r.value, 64).value, r.value)).toBe(true);
	});

	it('keeps a "__proto__" key as data', () => {
		const parsed = JSON.parse(`{"__proto__": ${JSON.stringify(nest(5))}, "x": 1}`);
		const r = capDepth(parsed, 3);
		expect(r.cut).toBe(true);
		expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
		expect(Object.keys(r.value)).toEqual(['__proto__', 'x']);
	});
});

describe('jsonEqual', () => {
	it('compares like jsonb: key order aside, array order kept, undefined properties absent', () => {
		expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
		expect(jsonEqual([1, 2], [2, 1])).toBe(false);
		expect(jsonEqual({ a: 1, u: undefined }, { a: 1 })).toBe(true);
		expect(jsonEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
		expect(jsonEqual({ a: [] }, { a: {} })).toBe(false);
		expect(jsonEqual(NaN, NaN)).toBe(true);
	});

	it('compares values 100,000 levels deep without overflowing the stack (was RangeError)', () => {
		expect(jsonEqual(nest(100_000), nest(100_000))).toBe(true);
		const other = nest(100_000) as unknown[];
		let v: unknown = other;
		for (let i = 0; i < 99_999; i++) v = Array.isArray(v) ? v[0] : (v as { k: unknown }).k;
		(v as unknown[])[0] = 'other leaf';
		expect(jsonEqual(nest(100_000), other)).toBe(false);
	});
});
