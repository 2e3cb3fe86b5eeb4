import { describe, expect, it } from 'vitest';
import { checkJsonText, measureJsonText, MAX_DEFINITION_BYTES } from './json-limits';

function nested(depth: number): string {
	return '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
}

describe('measureJsonText', () => {
	it('measures like the stored jsonb text: no indentation, one space after : and ,', () => {
		// PostgreSQL prints {"a": 1, "b": [1, 2]} (21 bytes) for both
		expect(measureJsonText('{"a":1,"b":[1,2]}').bytes).toBe(21);
		expect(measureJsonText('{\n  "a": 1,\n  "b": [\n    1,\n    2\n  ]\n}').bytes).toBe(21);
	});

	it('counts UTF-8 bytes, and white space, colons and brackets inside strings as text', () => {
		expect(measureJsonText('{"k":"é"}').bytes).toBe('{"k": "é"}'.length + 1);
		expect(measureJsonText('{"k":"😀"}').bytes).toBe('{"k": ""}'.length + 4);
		expect(measureJsonText('{"k":"a: [b], {c}"}')).toMatchObject({ depth: 1, bytes: '{"k": "a: [b], {c}"}'.length });
		expect(measureJsonText('{"k":"quote \\" [ still text"}').depth).toBe(1);
	});

	it('reports the depth, the top-level object being 1', () => {
		expect(measureJsonText('{}').depth).toBe(1);
		expect(measureJsonText('{"nodes":[{"data":{}}]}').depth).toBe(4);
		expect(measureJsonText(nested(64)).depth).toBe(64);
	});

	it('stops early at a limit', () => {
		expect(measureJsonText(nested(1000), Infinity, 64)).toMatchObject({ depth: 65, stopped: true });
		expect(measureJsonText('[' + '1,'.repeat(100) + '1]', 10)).toMatchObject({ stopped: true });
	});
});

describe('checkJsonText', () => {
	it('accepts a definition within the limits', () => {
		expect(checkJsonText('{"nodes":[],"edges":[]}')).toMatchObject({ ok: true, depth: 2 });
		expect(checkJsonText(nested(64)).ok).toBe(true);
	});

	it('refuses more than 1 MiB before parsing, saying how big it is', () => {
		const big = JSON.stringify({ nodes: [{ id: 'x', data: { config: { blob: 'x'.repeat(2 * 1024 * 1024) } } }] });
		const r = checkJsonText(big);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.message).toMatch(/1 MiB/);
		// just under the limit passes
		const fits = JSON.stringify({ blob: 'x'.repeat(MAX_DEFINITION_BYTES - 20) });
		expect(checkJsonText(fits).ok).toBe(true);
	});

	it('refuses more than 64 levels, and allows a wrapper level when asked', () => {
		const r = checkJsonText(nested(65));
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.message).toMatch(/64/);
		expect(checkJsonText(nested(65), { extraDepth: 1 }).ok).toBe(true);
		// a hostile, very deep text is refused without a stack overflow
		expect(checkJsonText('['.repeat(500_000)).ok).toBe(false);
	});
});
