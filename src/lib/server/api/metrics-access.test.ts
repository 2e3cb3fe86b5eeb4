import { describe, expect, it } from 'vitest';
import { metricsAccess, sameSecret } from './metrics-access';

describe('metricsAccess', () => {
	it('with METRICS_TOKEN: only the exact bearer token opens it, in local mode too', () => {
		for (const local of [true, false]) {
			expect(metricsAccess('Bearer s3cret-token', 's3cret-token', local)).toEqual({ ok: true });
			expect(metricsAccess('bearer s3cret-token ', 's3cret-token', local)).toEqual({ ok: true });
			for (const h of [null, '', 'Bearer', 'Bearer s3cret-toke', 'Bearer s3cret-token2', 'Basic s3cret-token', 's3cret-token']) {
				const r = metricsAccess(h, 's3cret-token', local);
				expect(r.ok ? 200 : r.status, String(h)).toBe(401);
			}
		}
	});

	it('without METRICS_TOKEN: open in local mode, 403 with a hint otherwise', () => {
		expect(metricsAccess(null, undefined, true)).toEqual({ ok: true });
		expect(metricsAccess(null, '', true)).toEqual({ ok: true });
		const closed = metricsAccess('Bearer anything', undefined, false);
		expect(closed).toMatchObject({ ok: false, status: 403, body: { code: '42501' } });
		expect(!closed.ok && closed.body.hint).toContain('METRICS_TOKEN');
	});

	it('sameSecret compares whole values of any length', () => {
		expect(sameSecret('abc', 'abc')).toBe(true);
		expect(sameSecret('abc', 'abcd')).toBe(false);
		expect(sameSecret('', 'a')).toBe(false);
	});
});
