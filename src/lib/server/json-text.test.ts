import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringifyIteratively, toJsonText } from './json-text';

function nest(depth: number): unknown {
	let v: unknown = 'leaf';
	for (let i = 0; i < depth; i++) v = i % 2 ? { k: v, n: i } : [v, i];
	return v;
}

describe('toJsonText', () => {
	it('is JSON.stringify for any JSON value (fixed seed)', () => {
		fc.assert(
			fc.property(fc.jsonValue(), (v) => {
				expect(stringifyIteratively(v)).toBe(JSON.stringify(v));
				expect(toJsonText(v)).toBe(JSON.stringify(v));
			}),
			{ seed: 4242, numRuns: 500 }
		);
	});

	it('follows JSON.stringify on undefined, functions, non-finite numbers, toJSON and boxed values', () => {
		const odd = { a: undefined, b: () => 1, c: [undefined, () => 1, NaN, -Infinity], d: new Date(0), e: new Number(3), f: new String('s'), '\u2028': '\ud83d\ude00' };
		expect(stringifyIteratively(odd)).toBe(JSON.stringify(odd));
		expect(stringifyIteratively(undefined)).toBeUndefined();
		expect(stringifyIteratively('x')).toBe('"x"');
		expect(() => stringifyIteratively({ n: 1n })).toThrow(TypeError);
		const loop: Record<string, unknown> = {};
		loop.self = loop;
		expect(() => stringifyIteratively(loop)).toThrow(TypeError);
		const shared = { x: 1 };
		expect(stringifyIteratively([shared, shared])).toBe('[{"x":1},{"x":1}]');
	});

	it('serializes values far deeper than JSON.stringify can (the old RangeError)', () => {
		const deep = nest(100_000);
		expect(() => JSON.stringify(deep)).toThrow(RangeError);
		const text = toJsonText(deep)!;
		expect(text.startsWith('{"k":[{"k":[')).toBe(true);
		expect(text.length).toBeGreaterThan(100_000 * 5);
		// JSON.parse is iterative in V8: the text parses back to the same shape.
		let back: unknown = JSON.parse(text);
		let levels = 0;
		while (back !== null && typeof back === 'object') {
			back = Array.isArray(back) ? back[0] : (back as { k: unknown }).k;
			levels++;
		}
		expect({ levels, leaf: back }).toEqual({ levels: 100_000, leaf: 'leaf' });
	});
});
