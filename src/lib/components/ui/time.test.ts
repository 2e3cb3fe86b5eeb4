import { describe, expect, it } from 'vitest';
import { dateTime, exact, relative } from './time';

// 2026-06-05 02:03:04 UTC is 14:03 the same day in Auckland (NZST, UTC+12) and 19:03 the day before in Los Angeles.
const AT = '2026-06-05T02:03:04Z';

describe('dates in a given timezone', () => {
	it('dateTime and exact use the zone they are given', () => {
		expect(dateTime(AT, 'UTC')).toBe('Jun 5, 2026, 02:03 AM');
		expect(dateTime(AT, 'Pacific/Auckland')).toBe('Jun 5, 2026, 02:03 PM');
		expect(dateTime(AT, 'America/Los_Angeles')).toBe('Jun 4, 2026, 07:03 PM');
		expect(exact(AT, 'UTC')).toBe('Jun 5, 2026, 02:03:04 AM UTC');
		expect(exact(AT, 'Pacific/Auckland')).toBe('Jun 5, 2026, 02:03:04 PM GMT+12');
	});
	it('relative says how long ago, and past 30 days the date in the zone', () => {
		const now = Date.parse(AT);
		expect(relative(new Date(now - 3 * 60_000).toISOString(), now)).toBe('3 mins ago');
		expect(relative('2026-01-01T06:00:00Z', now, 'Pacific/Auckland')).toBe('Jan 1, 2026');
		expect(relative('2026-01-01T06:00:00Z', now, 'America/Los_Angeles')).toBe('Dec 31, 2025');
	});
	it('an unreadable date is shown as it came', () => {
		expect(dateTime('soon')).toBe('soon');
		expect(exact('soon')).toBe('soon');
	});
});
