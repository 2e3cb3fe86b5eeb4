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
		['empty', '']
	])('refuses %s', (_name, next) => {
		expect(safeNext(next, origin)).toBe('/');
	});

	it('refuses what is not a string', () => {
		expect(safeNext(null, origin)).toBe('/');
	});
});
