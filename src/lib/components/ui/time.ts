// Date formats for the UI, always in an explicit timezone (clock.svelte.ts says which one).

/** "3 min ago"; past 30 days the date itself, in `timeZone`. */
export function relative(iso: string, now = Date.now(), timeZone = 'UTC'): string {
	const t = new Date(iso).getTime();
	if (Number.isNaN(t)) return iso;
	const s = Math.round((now - t) / 1000);
	const abs = Math.abs(s);
	const fmt = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'} ${s >= 0 ? 'ago' : 'from now'}`;
	if (abs < 45) return 'just now';
	if (abs < 3600) return fmt(Math.round(abs / 60), 'min');
	if (abs < 86400) return fmt(Math.round(abs / 3600), 'hour');
	if (abs < 86400 * 30) return fmt(Math.round(abs / 86400), 'day');
	return new Date(t).toLocaleDateString('en', { year: 'numeric', month: 'short', day: 'numeric', timeZone });
}

/** "Nov 26, 2026, 02:03:04 PM GMT+13": to the second, with the zone's name. */
export function exact(iso: string, timeZone = 'UTC'): string {
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	return d.toLocaleString('en', {
		year: 'numeric',
		month: 'short',
		day: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
		timeZoneName: 'short',
		timeZone
	});
}

/** "Nov 26, 2026, 02:03 PM": to the minute, for lists and pickers. */
export function dateTime(iso: string, timeZone = 'UTC'): string {
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	return d.toLocaleString('en', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone });
}
