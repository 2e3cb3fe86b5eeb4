import { describe, expect, it } from 'vitest';
import { malformedUrlPart } from './url-check';

describe('malformedUrlPart', () => {
	it.each([
		['/api/versions/%E0%A4%A', 'path'],
		['/api/%', 'path'],
		['/api/versions/%C0%AF', 'path'],
		['/api/versions/%zz', 'path'],
		['/api/w/diff?from=%ZZ', 'query'],
		['/api/w/diff?from=a&to=%E0', 'query'],
		['/api/versions/%E2%9C%93?x=%F0%9F%98%80&y=a+b', null],
		['/api/versions/abc', null]
	])('%s → %s', (path, part) => {
		expect(malformedUrlPart(new URL(path, 'http://x'))).toBe(part);
	});
});
