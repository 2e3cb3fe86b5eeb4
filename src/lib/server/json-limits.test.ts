import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BodyTooLarge, bodyLimit, MAX_BODY_BYTES, nestingExceeds, parseByteSize, readTextWithin } from './json-limits';

/** Depth of a parsed JSON value: a scalar is 0, `[]` is 1. */
function depthOf(v: unknown): number {
	let max = 0;
	const stack: [unknown, number][] = [[v, 0]];
	while (stack.length) {
		const [x, d] = stack.pop()!;
		if (x === null || typeof x !== 'object') {
			max = Math.max(max, d);
			continue;
		}
		max = Math.max(max, d + 1);
		for (const c of Object.values(x)) stack.push([c, d + 1]);
	}
	return max;
}

describe('nestingExceeds', () => {
	it('counts levels below the top-level value: 64 fit, 65 do not', () => {
		const envelope = (inner: number) => `{"definition":${'['.repeat(inner)}${']'.repeat(inner)}}`;
		expect(nestingExceeds(envelope(64), 64)).toBe(false);
		expect(nestingExceeds(envelope(65), 64)).toBe(true);
		expect(nestingExceeds('[]', 0)).toBe(false);
		expect(nestingExceeds('[[]]', 0)).toBe(true);
		expect(nestingExceeds('1', 0)).toBe(false);
	});

	it('ignores brackets inside strings, escaped quotes included', () => {
		const s = JSON.stringify({ s: '[[[[{{{{\\"[[[[', t: '"\\\\"[' });
		expect(nestingExceeds(s, 0)).toBe(false);
		expect(nestingExceeds(`{"a":"\\\\"}`, 0)).toBe(false);
	});

	it('agrees with the depth of the parsed value (fixed seed)', () => {
		fc.assert(
			fc.property(fc.jsonValue({ maxDepth: 12 }), fc.integer({ min: 0, max: 12 }), (v, max) => {
				const text = JSON.stringify(v);
				expect(nestingExceeds(text, max)).toBe(depthOf(v) > max + 1);
			}),
			{ seed: 64, numRuns: 500 }
		);
	});

	it('measures a million levels without recursion', () => {
		expect(nestingExceeds('['.repeat(1_000_000), 64)).toBe(true);
		expect(nestingExceeds(`"${'['.repeat(1_000_000)}"`, 64)).toBe(false);
	});
});

describe('body limits', () => {
	it('reads BODY_SIZE_LIMIT as adapter-node does', () => {
		expect(parseByteSize(undefined)).toBe(512 * 1024);
		expect(parseByteSize('4M')).toBe(4 * 1024 * 1024);
		expect(parseByteSize('1g')).toBe(1024 ** 3);
		expect(parseByteSize('1000')).toBe(1000);
		expect(parseByteSize('Infinity')).toBe(Infinity);
		expect(parseByteSize('lots')).toBeNull();
		expect(bodyLimit('512K')).toBe(512 * 1024);
		expect(bodyLimit('Infinity')).toBe(MAX_BODY_BYTES);
		expect(bodyLimit('64M')).toBe(MAX_BODY_BYTES);
	});

	it('refuses a declared Content-Length over the limit before reading, and a streamed body at the limit', async () => {
		const declared = new Request('http://x/', { method: 'PUT', body: 'x'.repeat(10), headers: { 'content-length': '10' } });
		await expect(readTextWithin(declared, 9)).rejects.toBeInstanceOf(BodyTooLarge);
		const chunks = ['aaaa', 'bbbb', 'cccc'];
		const stream = () =>
			new ReadableStream<Uint8Array>({
				pull(c) {
					const next = chunks.shift();
					if (next) c.enqueue(new TextEncoder().encode(next));
					else c.close();
				}
			});
		await expect(readTextWithin(new Request('http://x/', { method: 'PUT', body: stream(), duplex: 'half' } as RequestInit), 10)).rejects.toBeInstanceOf(BodyTooLarge);
		expect(await readTextWithin(new Request('http://x/', { method: 'PUT', body: 'é😀' }), 10)).toBe('é😀');
		expect(await readTextWithin(new Request('http://x/'), 10)).toBe('');
	});

	it('maps the adapter\'s own 413 (BODY_SIZE_LIMIT) to BodyTooLarge', async () => {
		const body = new ReadableStream({
			start(c) {
				c.error(Object.assign(new Error('request body size exceeded BODY_SIZE_LIMIT of 5'), { status: 413 }));
			}
		});
		await expect(readTextWithin(new Request('http://x/', { method: 'PUT', body, duplex: 'half' } as RequestInit), 100)).rejects.toBeInstanceOf(BodyTooLarge);
	});
});
