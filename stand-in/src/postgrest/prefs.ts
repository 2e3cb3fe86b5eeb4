// The `Prefer` request header as PostgREST reads it (docs/supabase-compat.md §3.6): comma-separated across one or
// several headers, exact values, the first occurrence of each preference wins; anything else is invalid, which
// `handling=lenient` (the default) ignores and `handling=strict` refuses with 400 PGRST122 before anything runs.
// `Preference-Applied` echoes, per action, the preferences that took effect.
import { errors } from './errors.ts';

export type TxEnd = 'commit' | 'commit-allow-override' | 'rollback' | 'rollback-allow-override';

export interface Prefs {
	resolution?: 'merge-duplicates' | 'ignore-duplicates';
	return?: 'minimal' | 'representation' | 'headers-only';
	count?: 'exact' | 'planned' | 'estimated';
	/** Only set when `db-tx-end` allows the client to override the transaction end. */
	tx?: 'commit' | 'rollback';
	missing?: 'default' | 'null';
	handling?: 'strict' | 'lenient';
	/** Only set for a name in pg_timezone_names. */
	timezone?: string;
	maxAffected?: number;
	invalid: string[];
}

const VALUES: Record<string, readonly string[]> = {
	resolution: ['merge-duplicates', 'ignore-duplicates'],
	return: ['representation', 'minimal', 'headers-only'],
	count: ['exact', 'planned', 'estimated'],
	tx: ['commit', 'rollback'],
	missing: ['default', 'null'],
	handling: ['strict', 'lenient']
};

export function parsePrefer(headerValue: string | undefined, txEnd: TxEnd, timezones: Set<string>): Prefs {
	const prefs: Prefs = { invalid: [] };
	if (!headerValue) return prefs;
	const items = headerValue
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	const firstValue = (name: string) => {
		for (const item of items) {
			const [k, v] = [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)];
			if (item.includes('=') && k === name && VALUES[name].includes(v)) return v;
		}
		return undefined;
	};
	prefs.resolution = firstValue('resolution') as Prefs['resolution'];
	prefs.return = firstValue('return') as Prefs['return'];
	prefs.count = firstValue('count') as Prefs['count'];
	if (txEnd.endsWith('allow-override')) prefs.tx = firstValue('tx') as Prefs['tx'];
	prefs.missing = firstValue('missing') as Prefs['missing'];
	prefs.handling = firstValue('handling') as Prefs['handling'];
	const tz = items.find((i) => i.startsWith('timezone='))?.slice('timezone='.length);
	const tzAccepted = tz !== undefined && timezones.has(tz);
	if (tzAccepted) prefs.timezone = tz;
	const maxAffected = items.find((i) => i.startsWith('max-affected='))?.slice('max-affected='.length);
	if (maxAffected !== undefined && /^-?\d+$/.test(maxAffected)) prefs.maxAffected = Number(maxAffected);
	for (const item of items) {
		const eq = item.indexOf('=');
		const [k, v] = eq < 0 ? [item, undefined] : [item.slice(0, eq), item.slice(eq + 1)];
		const known = v !== undefined && VALUES[k]?.includes(v);
		if (known || (k === 'timezone' && tzAccepted) || k === 'max-affected') continue;
		prefs.invalid.push(item);
	}
	return prefs;
}

/** 400 PGRST122 when `handling=strict` meets an invalid preference. */
export function checkStrict(prefs: Prefs): void {
	if (prefs.handling === 'strict' && prefs.invalid.length) throw errors.prefs(prefs.invalid);
}

export type PrefAction = 'read' | 'create' | 'update' | 'delete' | 'call';

/** `Preference-Applied` for an action, in PostgREST's order; undefined when nothing applies. */
export function preferenceApplied(prefs: Prefs, action: PrefAction, opts: { hasPk?: boolean } = {}): string | undefined {
	const strictMax = prefs.handling === 'strict' && prefs.maxAffected !== undefined;
	const parts = [
		action === 'create' && opts.hasPk && prefs.resolution ? `resolution=${prefs.resolution}` : undefined,
		(action === 'create' || action === 'update') && prefs.missing ? `missing=${prefs.missing}` : undefined,
		action !== 'read' && action !== 'call' && prefs.return ? `return=${prefs.return}` : undefined,
		prefs.count ? `count=${prefs.count}` : undefined,
		prefs.tx ? `tx=${prefs.tx}` : undefined,
		prefs.handling ? `handling=${prefs.handling}` : undefined,
		prefs.timezone ? `timezone=${prefs.timezone}` : undefined,
		(action === 'update' || action === 'delete' || action === 'call') && strictMax ? `max-affected=${prefs.maxAffected}` : undefined
	].filter((p): p is string => p !== undefined);
	return parts.length ? parts.join(', ') : undefined;
}

/** Whether the request transaction ends in ROLLBACK (`db-tx-end` and `Prefer: tx`). */
export function shouldRollback(prefs: Prefs, txEnd: TxEnd): boolean {
	if (prefs.tx) return prefs.tx === 'rollback';
	return txEnd.startsWith('rollback');
}
