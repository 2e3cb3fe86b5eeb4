import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next';

const origin = 'http://127.0.0.1:3000';

describe('safeNext', () => {
	it('keeps paths on this site, with their query and hash', () => {
		expect(safeNext('/workflows/abc?tab=history#v3', origin)).toBe('/workflows/abc?tab=history#v3');
		expect(safeNext('/', origin)).toBe('/');
	});

	it.each([
		['protocol-relative', '//evil.example/x'],
		['backslash', '/\\evil.example/x'],
		['tab before slashes', '/\t/evil.example'],
		['newline', '/\n/evil.example'],
		['absolute URL', 'https://evil.example/'],
		['javascript:', 'javascript:alert(1)'],
		['relative path', 'workflows'],
		['empty', ''],
		['dot segments leaving a double slash', '/..//evil.example'],
		['encoded dot segment', '/.%2e//evil.example'],
		['encoded dot segments', '/%2e%2e//evil.example/x'],
		['dot segment after a folder', '/a/..//evil.example'],
		['deeper dot segments', '/a/b/../..//evil.example'],
		['dot segment before a backslash', '/../\\evil.example'],
		['triple slash', '///evil.example']
	])('refuses %s', (_name, next) => {
		expect(safeNext(next, origin)).toBe('/');
	});

	it('keeps harmless dot segments on this site', () => {
		expect(safeNext('/projects/../workflows/abc', origin)).toBe('/workflows/abc');
	});

	it('never answers a path a browser would send to another host', () => {
		const payloads = ['/..//evil.example', '/.%2e//evil.example', '/a/..//evil.example', '/%2e%2e/%2fevil.example', '/./\\evil'];
		for (const p of payloads) {
			const out = safeNext(p, origin);
			expect(new URL(out, origin).origin, p).toBe(origin);
		}
	});

	it('refuses what is not a string', () => {
		expect(safeNext(null, origin)).toBe('/');
	});
});
