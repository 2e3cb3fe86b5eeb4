import { describe, expect, it } from 'vitest';
import { firstInexactNumber, isExactNumber } from './json-numbers';

describe('isExactNumber', () => {
	it.each(['0', '-0', '0.0', '1', '1.0', '1.50', '1e2', '1E+2', '100e-2', '0.1', '-0.1', '9007199254740991', '9007199254740993e-10', '1e21', '1.7976931348623157e308', '5e-324', '123456789012345680000'])(
		'%s is kept exactly by JSON.parse',
		(t) => expect(isExactNumber(t)).toBe(true)
	);
	it.each(['12345678901234567890', '9007199254740993', '1e400', '-1e400', '1e-400', '0.1000000000000000055511151231257827', '3.14159265358979323846', '1e99999999999'])(
		'%s is changed by JSON.parse',
		(t) => expect(isExactNumber(t)).toBe(false)
	);
});

describe('firstInexactNumber', () => {
	it('finds the first changed number outside strings, and nothing in strings', () => {
		expect(firstInexactNumber('{"a": 1, "b": [0.5, 12345678901234567890], "c": 1e400}')).toBe('12345678901234567890');
		expect(firstInexactNumber('{"a": "12345678901234567890", "b\\"1e400": 2}')).toBeNull();
		expect(firstInexactNumber('{"definition": {"nodes": [], "edges": []}, "expected_revision": 3}')).toBeNull();
		expect(firstInexactNumber('[-1e400]')).toBe('-1e400');
		expect(firstInexactNumber('{"a": 1-2, "b": 012345678901234567890}')).toBeNull(); // not JSON: the parser's to refuse
	});
});
