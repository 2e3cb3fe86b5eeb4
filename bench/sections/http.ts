// 5. Through HTTP: publish via supabase-js → the stand-in, and via the SvelteKit /api route, against
// the direct database call, with 1 client (interleaved) and 8 clients (one path at a time).
import type pg from 'pg';
import { stageDraft } from '../../tests/integration/_support/db.ts';
import { definitionOfSize } from '../../tests/integration/_support/definitions.ts';
import { anonClient, signIn } from '../../tests/integration/_support/stack.ts';
import { KB, log, n, type Bench } from '../lib/context.ts';
import { ensureAppBuild, spawnApp, spawnStandIn, type Child } from '../lib/processes.ts';
import { verdict } from '../lib/report.ts';
import { PUBLISH, authenticatorUrl, connect, txAs } from '../lib/session.ts';
import { ratio, summarize, timed, type Summary } from '../lib/stats.ts';

export async function overHttp(b: Bench): Promise<void> {
	const { admin, uid, claims, url, tenant, conn: c, report } = b;
	log('starting the stand-in …');
	const standIn = await spawnStandIn(url);
	b.children.push(standIn);
	const { client: sb, accessToken } = await signIn(standIn.url, tenant.emails.publisher);
	const build = ensureAppBuild(log);
	let app: Child | null = null;
	if (build) {
		try {
			app = await spawnApp(build.entry, standIn.url);
			b.children.push(app);
			report.notes.push(`SvelteKit: build/index.js built ${build.builtAt.toISOString()}, run with node (adapter-node) against the stand-in.`);
		} catch (e) {
			report.notes.push(`SvelteKit /api route not measured: ${(e as Error).message.split('\n')[0]}`);
		}
	} else {
		report.notes.push('SvelteKit /api route not measured: no src/routes/api or the build failed.');
	}
	const viaApp = async (wf: string, rev: number) => {
		const r = await fetch(`${app!.url}/api/workflows/${wf}/versions/publish`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ expected_revision: rev })
		});
		const body = await r.text();
		if (r.status !== 201 && r.status !== 200) throw new Error(`POST /api/…/publish → ${r.status} ${body.slice(0, 300)}`);
	};
	const viaStandIn = (client: typeof sb) => async (wf: string, rev: number) => {
		const r = await client.rpc('publish_draft', { workflow_id: wf, expected_revision: rev });
		if (r.error) throw new Error(`rpc publish_draft → ${r.status} ${r.error.message}`);
	};
	const direct = (conn: pg.Client) => async (wf: string, rev: number) => {
		await txAs(conn, claims, PUBLISH, [wf, rev]);
	};

	// 1 client: the three paths interleaved sample by sample, each on its own workflow.
	const paths: [string, (wf: string, rev: number) => Promise<void>][] = [
		['direct', direct(c)],
		['stand-in', viaStandIn(sb)]
	];
	if (app) paths.push(['sveltekit', viaApp]);
	const wfs = new Map<string, string>();
	for (const [name] of paths) wfs.set(name, await b.workflow(`http 1 ${name}`));
	const lat = new Map<string, number[]>(paths.map(([name]) => [name, []]));
	const samples = n(100);
	for (let i = 0; i < samples + 10; i++) {
		const order = i % 2 ? paths : [...paths].reverse();
		for (const [name, fn] of order) {
			const wf = wfs.get(name)!;
			const rev = await stageDraft(admin, uid, wf, definitionOfSize(10 * KB, `${name}${i}`));
			const t = await timed(() => fn(wf, rev));
			if (i >= 10) lat.get(name)!.push(t);
		}
	}
	const d1 = summarize(lat.get('direct')!);
	const s1 = summarize(lat.get('stand-in')!);
	report.rows.push({ measure: 'HTTP, 1 client', a: 'supabase-js → stand-in → publish_draft 10 KB', aStats: s1, b: 'direct pg', bStats: d1, ratio: s1.p50 / d1.p50, target: '≤ 3', verdict: verdict(s1.p50 / d1.p50 <= 3) });
	report.summaries.push(`${verdict(s1.p50 / d1.p50 <= 3)} HTTP (supabase-js → stand-in)/direct, 1 client: ${ratio(s1.p50 / d1.p50)} at p50 (target ≤ 3)`);
	if (app) {
		const a1 = summarize(lat.get('sveltekit')!);
		report.rows.push({ measure: 'HTTP, 1 client', a: 'POST /api/workflows/{id}/versions/publish 10 KB', aStats: a1, b: 'direct pg', bStats: d1, ratio: a1.p50 / d1.p50, target: '≤ 3', verdict: verdict(a1.p50 / d1.p50 <= 3) });
		report.summaries.push(`${verdict(a1.p50 / d1.p50 <= 3)} HTTP (SvelteKit /api → stand-in)/direct, 1 client: ${ratio(a1.p50 / d1.p50)} at p50 (target ≤ 3)`);
		// The /api route against the same RPC called directly over HTTP: what the route adds (SvelteKit, the
		// token check, its own request to the API) on top of the fastest path a program has.
		const x = a1.p50 / s1.p50;
		report.rows.push({ measure: 'HTTP, 1 client', a: 'POST /api/workflows/{id}/versions/publish 10 KB', aStats: a1, b: 'the same RPC directly (supabase-js → stand-in)', bStats: s1, ratio: x, target: '≤ 2.0', verdict: verdict(x <= 2) });
		report.summaries.push(`${verdict(x <= 2)} /api publish vs the same RPC called directly over HTTP, 1 client: ${ratio(x)} at p50 (target ≤ 2.0)`);
	} else {
		report.summaries.push('MISS HTTP (SvelteKit /api)/direct: not measured (see notes)');
	}
	log('HTTP 1 client done');

	// 8 clients: each its own workflow and connection/client; one path at a time.
	const conc = 8;
	const perClient = n(30);
	const directConns: pg.Client[] = [];
	const prepConns: pg.Client[] = [];
	for (let k = 0; k < conc; k++) {
		directConns.push(await connect(authenticatorUrl(url)));
		prepConns.push(await connect(url));
	}
	b.clients.push(...directConns, ...prepConns);
	const sbClients = [] as (typeof sb)[];
	for (let k = 0; k < conc; k++) {
		const cl = anonClient(standIn.url, undefined, { Authorization: `Bearer ${accessToken}` });
		sbClients.push(cl);
	}
	const results = new Map<string, Summary>();
	for (const [name] of paths) {
		const targets: string[] = [];
		for (let k = 0; k < conc; k++) targets.push(await b.workflow(`http ${conc} ${name} ${k}`));
		const all: number[] = [];
		await Promise.all(
			targets.map(async (wf, k) => {
				const fn = name === 'direct' ? direct(directConns[k]) : name === 'stand-in' ? viaStandIn(sbClients[k]) : viaApp;
				for (let i = 0; i < perClient + 3; i++) {
					const rev = await stageDraft(prepConns[k], uid, wf, definitionOfSize(10 * KB, `${name}${k}-${i}`));
					const t = await timed(() => fn(wf, rev));
					if (i >= 3) all.push(t);
				}
			})
		);
		results.set(name, summarize(all));
	}
	const d8 = results.get('direct')!;
	report.rows.push({ measure: `HTTP, ${conc} clients`, a: 'supabase-js → stand-in', aStats: results.get('stand-in')!, b: `direct pg, ${conc} clients`, bStats: d8, ratio: results.get('stand-in')!.p50 / d8.p50, target: 'info' });
	if (app) {
		report.rows.push({ measure: `HTTP, ${conc} clients`, a: 'SvelteKit /api route', aStats: results.get('sveltekit')!, b: `direct pg, ${conc} clients`, bStats: d8, ratio: results.get('sveltekit')!.p50 / d8.p50, target: 'info' });
	}
	report.notes.push(
		`HTTP with ${conc} clients: each client publishes to its own workflow (staging each draft untimed over its own connection); ` +
			`the paths run one after another, so compare them as ratios to the direct run, not across machines.`
	);
	log('HTTP 8 clients done');
}
