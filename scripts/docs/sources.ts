// The hand-written sources docs/api.md includes besides the catalog: the supabase-js examples (regions of
// docs/examples/supabase-js.ts), the curl examples (docs/examples/curl.ts), the /api route files
// (src/routes/api/**/+server.ts: methods, RPCs called, success status, doc comment) and the metrics
// declared in src/lib/server/api/metrics.ts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ROOT } from '../lib/postgres.ts';
import type { CurlExample } from '../../docs/examples/curl.ts';

const SUPABASE_JS_EXAMPLES = join(ROOT, 'docs', 'examples', 'supabase-js.ts');
const API_ROUTES = join(ROOT, 'src', 'routes', 'api');
const METRICS_FILE = join(ROOT, 'src', 'lib', 'server', 'api', 'metrics.ts');

function dedent(lines: string[]): string {
	const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length));
	return lines.map((l) => l.slice(indent)).join('\n').trim();
}

export function supabaseJsRegions(): Map<string, string> {
	const text = readFileSync(SUPABASE_JS_EXAMPLES, 'utf8').split('\n');
	const regions = new Map<string, string>();
	let name: string | null = null;
	let buf: string[] = [];
	for (const line of text) {
		const start = /\/\/ #region (\w+)/.exec(line);
		if (start) {
			name = start[1];
			buf = [];
		} else if (/\/\/ #endregion/.test(line) && name) {
			regions.set(name, dedent(buf));
			name = null;
		} else if (name) buf.push(line);
	}
	return regions;
}

export function curlBlock(e: CurlExample): string[] {
	const sets = Object.entries(e.sets ?? {}).map(([name, field]) => `\`${name}\` = its \`${field}\``);
	const after = sets.length ? ` (${sets.join(', ')})` : '';
	return [`<a id="example-${e.id}"></a>${e.title} → **${e.status}**${after}`, '', '```sh', e.command, '```', ''];
}

export interface Route {
	key: string; // "POST /api/workflows/[id]/versions"
	path: string; // "/api/workflows/{id}/versions"
	method: string;
	rpcs: string[];
	operation: string | null;
	status: string;
	doc: string;
	file: string;
}

function walk(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.sort()
		.flatMap((f) => {
			const p = join(dir, f);
			return statSync(p).isDirectory() ? walk(p) : f === '+server.ts' ? [p] : [];
		});
}

export function readRoutes(): Route[] {
	const routes: Route[] = [];
	for (const file of walk(API_ROUTES)) {
		const dir = relative(join(ROOT, 'src', 'routes'), file).split(sep).slice(0, -1).join('/');
		if (dir.includes('[...')) continue; // the JSON 404 fallback
		const text = readFileSync(file, 'utf8');
		const header = text
			.split('\n')
			.filter((l) => l.startsWith('//'))
			.map((l) => l.replace(/^\/\/\s?/, ''));
		const exports = [...text.matchAll(/export const (GET|POST|PUT|DELETE|PATCH)\b/g)];
		exports.forEach((m, i) => {
			const seg = text.slice(m.index, i + 1 < exports.length ? exports[i + 1].index : text.length);
			const jsdoc = /\/\*\*((?:(?!\/\*\*)[^])*?)\*\/\s*$/
				.exec(text.slice(0, m.index))?.[1]
				.replace(/^\s*\* ?/gm, '')
				.replace(/\s+/g, ' ')
				.trim();
			const statuses = [...seg.matchAll(/json\((\d{3})\b/g)].map((s) => s[1]).filter((s) => s.startsWith('2'));
			routes.push({
				key: `${m[1]} /${dir}`,
				path: '/' + dir.replace(/\[(\w+)\]/g, '{$1}'),
				method: m[1],
				rpcs: [...new Set([...seg.matchAll(/callRpc\(ctx, '(\w+)'/g)].map((r) => r[1]))],
				operation: /operation\('(\w+)'/.exec(seg)?.[1] ?? null,
				status: statuses.length ? [...new Set(statuses)].join(', ') : '200',
				doc: jsdoc || header.join(' ').replace(/\s+/g, ' ').trim(),
				file: relative(ROOT, file)
			});
		});
	}
	return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

export function readMetrics(): Array<{ name: string; type: string; help: string }> {
	const text = readFileSync(METRICS_FILE, 'utf8');
	return [...text.matchAll(/new client\.(Counter|Gauge|Histogram)\(\{\s*name: '(\w+)',\s*help: '((?:[^'\\]|\\.)*)'/g)].map((m) => ({
		type: m[1].toLowerCase(),
		name: m[2],
		help: m[3].replace(/\\'/g, "'")
	}));
}
