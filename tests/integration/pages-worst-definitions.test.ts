// "Every page renders any definition that the database accepts" (docs/architecture.md, "Bounded input"):
// the worst definitions the database takes — a config nested exactly 64 levels (arrays and objects), ~1 MiB
// of many nodes, long unicode labels, one huge string — written through the RPCs as a publisher, published
// as several versions, deployed, reviewed and run; then every page and every /api GET route of the
// production build is fetched as a member. None may answer 5xx, nor carry internal error text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../../types/database';
import { EMAILS, client, sessionCookieHeader, signIn, startStack, type SignedIn, type Stack } from './contract/stack';
import { SERVICE_ROLE_KEY } from '../../stand-in/src/keys';
import { compactGraph, jsonbTextLength, validDefinition, type Definition } from './_support/definitions';

let stack: Stack;
let app: string;
let publisher: SignedIn;
let cookie: string;
let projectId: string;

/** Text no answer may carry: JS engine messages, stack frames, PostgreSQL internals. */
const INTERNAL = /RangeError|TypeError|SyntaxError|Maximum call stack|max_stack_depth|stack depth|\n\s+at |node_modules|JSON at position/;

/** `levels` of alternating arrays and objects around a leaf (the outermost counts as 1). */
function nested(levels: number, leaf: unknown): unknown {
	let v = leaf;
	for (let i = 0; i < levels; i++) v = i % 2 ? { k: v, [`s${i}`]: i } : [v, i];
	return v;
}

/** A valid definition whose config, settings and an extra top-level key each reach exactly 64 levels. */
function deepest(variant: string): Definition {
	const d = validDefinition(4, variant);
	// definition{ nodes[ node{ data{ config{ deep… : the config value starts at level 6.
	d.nodes[1].data.config = { deep: nested(59, `leaf ${variant}`) };
	d.nodes[2].data.config = { objects: JSON.parse('{"o":'.repeat(59) + '"x"' + '}'.repeat(59)) };
	d.settings = { deep: nested(62, 'settings leaf') }; // definition{ settings{ deep…
	d.extra = nested(63, variant);
	return d;
}

/** Many nodes, just under the 1 MiB limit of definition::text. */
function largest(variant: string): Definition {
	let count = 2500;
	let d = validDefinition(count, variant);
	while (jsonbTextLength(d) < 1_000_000) d = validDefinition((count += 200), variant);
	while (jsonbTextLength(d) > 1_040_000) d = validDefinition((count -= 20), variant);
	return d;
}

/** 10,000 nodes in one chain (the deepest walk over a graph), no positions or configs: just under 1 MiB. */
function tenThousand(variant: string): Definition {
	return { ...compactGraph(10_000, 'chain'), settings: { variant } };
}

/** Labels of every kind of unicode: astral emoji, combining marks, RTL, zero-width and BOM characters. */
function unicode(variant: string): Definition {
	const d = validDefinition(30, variant);
	const pieces = ['👩🏽‍💻', 'e\u0301\u0302\u0303', 'مرحبا بالعالم', '\u200b\u200d\ufeff', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '<script>alert(1)</script>', '${x}{{y}}'];
	d.nodes.forEach((n, i) => (n.data.label = `${variant} ${pieces[i % pieces.length].repeat(2000)}`));
	return d;
}

/** One string of nearly 1 MiB in a single config value. */
function hugeString(variant: string): Definition {
	const d = validDefinition(3, variant);
	d.nodes[1].data.config = { body: `${variant} ` + 'ü€x'.repeat(170_000) };
	return d;
}

async function rpc<T>(fn: string, args: Record<string, unknown>, who: SignedIn = publisher): Promise<T> {
	const r = await who.supabase.rpc(fn as never, args as never);
	if (r.error) throw new Error(`${fn}: ${r.error.code} ${r.error.message}`);
	return r.data as T;
}

/** A workflow whose versions are the given definitions, in order, published; then a draft of `draft`. */
async function workflowOf(name: string, published: Definition[], draft: Definition): Promise<{ id: string; versions: string[]; draft: string }> {
	const wf = await rpc<{ id: string }>('create_workflow', { project_id: projectId, name, definition: published[0] as unknown as Json });
	const versions: string[] = [];
	for (let i = 0; i < published.length; i++) {
		if (i > 0) {
			const d = await rpc<{ revision: number }>('create_draft', { workflow_id: wf.id });
			await rpc('save_draft', { workflow_id: wf.id, definition: published[i] as unknown as Json, expected_revision: d.revision });
		}
		versions.push((await rpc<{ id: string }>('publish_draft', { workflow_id: wf.id })).id);
	}
	const d = await rpc<{ id: string; revision: number }>('create_draft', { workflow_id: wf.id });
	const saved = await rpc<{ id: string }>('save_draft', { workflow_id: wf.id, definition: draft as unknown as Json, expected_revision: d.revision });
	return { id: wf.id, versions, draft: saved.id };
}

const workflows: { id: string; versions: string[]; draft: string }[] = [];
/** Pairs of many-node versions whose diff is the known slow case (below): ~3,600 and 10,000 nodes a side. */
const slowPairs: { workflow: string; from: string; to: string }[] = [];
let reviewId: string;

beforeAll(async () => {
	stack = await startStack({ app: true, prefix: 'wv_pages_worst' });
	app = stack.appUrl!;
	publisher = await signIn(stack.supabaseUrl, stack.anonKey, EMAILS.publisher);
	cookie = await sessionCookieHeader(stack.supabaseUrl, stack.anonKey, EMAILS.publisher);
	projectId = (await publisher.supabase.from('projects').select('id').eq('name', 'Acme automations').single()).data!.id;

	for (const d of [deepest('a'), largest('a'), unicode('a'), hugeString('a')]) {
		expect(jsonbTextLength(d)).toBeLessThanOrEqual(1024 * 1024);
	}
	workflows.push(await workflowOf('Worst: deep', [deepest('v1'), deepest('v2'), hugeString('v3')], deepest('draft')));
	workflows.push(await workflowOf('Worst: large', [largest('v1'), largest('v2')], unicode('draft')));
	slowPairs.push({ workflow: workflows[1].id, from: workflows[1].versions[0], to: workflows[1].versions[1] });
	workflows.push(await workflowOf('Worst: unicode', [unicode('v1'), hugeString('v2'), deepest('v3')], largest('draft')));
	workflows.push(await workflowOf('Worst: 10,000 nodes', [tenThousand('v1'), tenThousand('v2')], hugeString('draft')));
	slowPairs.push({ workflow: workflows[3].id, from: workflows[3].versions[0], to: workflows[3].versions[1] });

	// Deployed, run and under review, so the environments, runs and review pages draw them too.
	const service = client(stack.supabaseUrl, SERVICE_ROLE_KEY);
	for (const wf of workflows) {
		await rpc('deploy_version', { workflow_id: wf.id, version_id: wf.versions[0], environment: 'staging' });
		const run = await service.rpc('start_run', { workflow_id: wf.id, environment: 'production' });
		expect(run.error).toBeNull();
	}
	const draftOf = await publisher.supabase.from('workflow_versions').select('revision').eq('id', workflows[0].draft).single();
	reviewId = (await rpc<{ id: string }>('request_review', { workflow_id: workflows[0].id, expected_revision: draftOf.data!.revision })).id;
}, 600_000);

afterAll(async () => {
	await stack?.stop();
});

async function get(path: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
	const res = await fetch(app + path, { headers, redirect: 'manual' });
	return { status: res.status, text: await res.text() };
}

const isSlowPair = (from: string, to: string) => slowPairs.some((p) => p.from === from && p.to === to);

function pagePaths(): string[] {
	const paths = ['/projects', `/projects/${projectId}`, `/projects/${projectId}?archived=1`, `/projects/${projectId}/environments`, `/projects/${projectId}/reviews`, `/projects/${projectId}/reviews/${reviewId}`];
	for (const wf of workflows) {
		const all = [...wf.versions, wf.draft];
		paths.push(`/workflows/${wf.id}`, `/workflows/${wf.id}/history`, `/workflows/${wf.id}/runs`);
		for (const v of all) paths.push(`/workflows/${wf.id}/versions/${v}`);
		for (let i = 0; i + 1 < all.length; i++) {
			if (!isSlowPair(all[i], all[i + 1])) paths.push(`/workflows/${wf.id}/compare?from=${all[i]}&to=${all[i + 1]}`);
		}
		paths.push(`/workflows/${wf.id}/compare?from=${all[all.length - 1]}&to=${all[0]}`);
	}
	return paths;
}

function apiPaths(): string[] {
	const paths = [`/api/projects/${projectId}/reviews`, '/api/invitations'];
	for (const wf of workflows) {
		const all = [...wf.versions, wf.draft];
		paths.push(`/api/workflows/${wf.id}/versions`, `/api/workflows/${wf.id}/deployments`, `/api/workflows/${wf.id}/runs`, `/api/workflows/${wf.id}/resolve?environment=staging`);
		for (const v of all) paths.push(`/api/versions/${v}`, `/api/versions/${v}/export`);
		for (let i = 0; i + 1 < all.length; i++) {
			if (!isSlowPair(all[i], all[i + 1])) paths.push(`/api/workflows/${wf.id}/diff?from=${all[i]}&to=${all[i + 1]}`);
		}
	}
	return paths;
}

describe('the worst definitions the database accepts', () => {
	it('every page renders them: 200, no internal text', async () => {
		const failures: string[] = [];
		for (const path of pagePaths()) {
			const a = await get(path, { cookie });
			if (a.status !== 200 || INTERNAL.test(a.text)) failures.push(`${path} → ${a.status} ${a.text.replace(/\s+/g, ' ').slice(0, 200)}`);
		}
		expect(failures).toEqual([]);
	}, 600_000);

	it('every /api GET route answers them whole: 200, no internal text', async () => {
		const failures: string[] = [];
		for (const path of apiPaths()) {
			const a = await get(path, { Authorization: `Bearer ${publisher.token}` });
			if (a.status !== 200 || INTERNAL.test(a.text)) failures.push(`${path} → ${a.status} ${a.text.slice(0, 200)}`);
		}
		expect(failures).toEqual([]);
		// The deepest version comes back exactly as stored.
		const v = JSON.parse((await get(`/api/versions/${workflows[0].versions[0]}`, { Authorization: `Bearer ${publisher.token}` })).text);
		expect(v.definition).toEqual(JSON.parse(JSON.stringify(deepest('v1'))));
	}, 600_000);

	// private.diff_definitions once planned its anti-joins as nested loops (its CTEs are estimated at one row):
	// two versions of 3,600 nodes a side took ~12 s and the API answered 500 57014. It now looks the other side
	// up in a jsonb object keyed by id, so this walk fails if the comparison turns quadratic again.
	it('the compare page and /api diff of two many-node versions answer 200', async () => {
		for (const p of slowPairs) {
			const page = await get(`/workflows/${p.workflow}/compare?from=${p.from}&to=${p.to}`, { cookie });
			expect(page.text).not.toMatch(INTERNAL);
			expect(page.status).toBe(200);
			const api = await get(`/api/workflows/${p.workflow}/diff?from=${p.from}&to=${p.to}`, { Authorization: `Bearer ${publisher.token}` });
			expect(api.status).toBe(200);
		}
	}, 120_000);
});
