// Crash recovery: a project-private PostgreSQL cluster (fsync on) with the schema applied, the
// stand-in in front of it, publish load from several supabase-js clients; `kill -9` of the postmaster in the
// middle of the load; restart with pg_ctl (crash recovery). Then: every publish acknowledged (2xx) before
// the crash is there with the same number and hash; check_workflow_integrity is empty; the SAME stand-in
// instance (never restarted) serves reads, sign-ins and publishes again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { applySchema, withDatabase } from '../../scripts/lib/postgres.ts';
import { startStandIn, type StandIn } from '../../stand-in/src/server.ts';
import { createTenant, createWorkflow, integrityViolations, type Tenant } from './_support/db.ts';
import { startPrivateCluster, type Cluster } from './_support/cluster.ts';
import { validDefinition } from './_support/definitions.ts';
import { signIn, type Client } from './_support/stack.ts';

const LOADERS = 6;

interface Ack {
	id: string;
	workflow_id: string;
	version_number: number;
	definition_hash: string;
}

let cluster: Cluster | undefined;
let standIn: StandIn | undefined;
let url: string;
let tenant: Tenant;
const acked: Ack[] = [];
const failures: { status: number; code?: string; message: string }[] = [];
let acksAtKill = 0;
let killedPid = 0;

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
	const c = new pg.Client({ connectionString: url });
	c.on('error', () => {});
	await c.connect();
	try {
		return await fn(c);
	} finally {
		await c.end().catch(() => {});
	}
}

/** One edit-and-publish cycle through HTTP; resolves to the published row, or records the failure. */
async function cycle(client: Client, workflow: string, n: number): Promise<Ack | null> {
	const fail = (r: { status: number; error: { code?: string; message: string } | null }) => {
		failures.push({ status: r.status, code: r.error?.code, message: r.error?.message ?? '' });
		return null;
	};
	const d = await client.rpc('create_draft', { workflow_id: workflow });
	if (d.error) return fail(d);
	const s = await client.rpc('save_draft', { workflow_id: workflow, definition: validDefinition(3 + (n % 5), n), expected_revision: d.data.revision });
	if (s.error) return fail(s);
	const p = await client.rpc('publish_draft', { workflow_id: workflow, expected_revision: s.data.revision, note: `load ${n}` });
	if (p.error) return fail(p);
	return p.data as Ack;
}

beforeAll(async () => {
	cluster = await startPrivateCluster();
	url = withDatabase(cluster.url, 'wv_crash');
	const boot = new pg.Client({ connectionString: cluster.url });
	await boot.connect();
	await boot.query('create database wv_crash');
	await boot.end();
	await applySchema(url, { seed: false });
	standIn = await startStandIn({ databaseUrl: url, port: 0, log: process.env.STAND_IN_LOG === '1' });

	const workflows: string[] = [];
	await withAdmin(async (c) => {
		tenant = await createTenant(c, 'crash');
		for (let i = 0; i < LOADERS; i++) workflows.push(await createWorkflow(c, tenant.users.publisher, tenant.projectId, `Crash ${i}`));
	});
	const clients: Client[] = [];
	for (let i = 0; i < LOADERS; i++) clients.push((await signIn(standIn.url, tenant.emails.publisher)).client);

	// Load until a while after the kill; kill once enough publishes are acknowledged.
	let stop = false;
	const loaders = clients.map(async (client, i) => {
		for (let n = 0; !stop; n++) {
			const ack = await cycle(client, workflows[i], n).catch((e) => {
				failures.push({ status: -1, message: String(e) });
				return null;
			});
			if (ack) acked.push(ack);
			else await new Promise((r) => setTimeout(r, 20));
		}
	});
	const deadline = Date.now() + 20_000;
	while (acked.length < 30 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
	acksAtKill = acked.length;
	killedPid = cluster.kill9();
	await new Promise((r) => setTimeout(r, 1500)); // clients keep calling into the dead server
	stop = true;
	await Promise.all(loaders);
	await cluster.start(); // crash recovery
}, 120_000);

afterAll(async () => {
	await standIn?.close().catch(() => {});
	await cluster?.destroy();
});

describe('crash recovery: kill -9 of the postmaster under publish load', () => {
	it('crashed mid-load: publishes were acknowledged before, requests failed after', () => {
		console.log(
			`crash: killed postmaster ${killedPid} after ${acksAtKill} acknowledged publishes; ${acked.length} acknowledged in all, ` +
				`${failures.length} failed calls (statuses ${[...new Set(failures.map((f) => f.status))].join(', ')})`
		);
		expect(acksAtKill).toBeGreaterThanOrEqual(30);
		expect(failures.length).toBeGreaterThan(0);
		expect(cluster!.log()).toMatch(/database system was not properly shut down|redo done|database system is ready/);
	});

	it('keeps every acknowledged publish, with the same number and hash', async () => {
		const rows = await withAdmin(async (c) =>
			(
				await c.query<Ack & { state: string }>(
					'select id, workflow_id, version_number, definition_hash, state from public.workflow_versions where id = any($1)',
					[acked.map((a) => a.id)]
				)
			).rows
		);
		const byId = new Map(rows.map((r) => [r.id, r]));
		for (const a of acked) {
			expect(byId.get(a.id), `acknowledged version ${a.id}`).toEqual({ ...pick(a), state: 'published' });
		}
	});

	it('is consistent after recovery: check_workflow_integrity is empty', async () => {
		expect(await integrityViolations(url)).toEqual([]);
	});

	it('the same stand-in instance serves reads, sign-ins and publishes again', async () => {
		const deadline = Date.now() + 30_000;
		let lastError = '';
		let client: Client | null = null;
		// The first requests after the restart may meet connections the crash killed; they must recover.
		while (Date.now() < deadline) {
			try {
				client = (await signIn(standIn!.url, tenant.emails.publisher)).client;
				const list = await client.from('workflows').select('id').order('created_at');
				if (!list.error && list.data.length === LOADERS) break;
				lastError = `${list.status} ${list.error?.message}`;
			} catch (e) {
				lastError = String(e);
			}
			client = null;
			await new Promise((r) => setTimeout(r, 250));
		}
		expect(client, `stand-in did not recover: ${lastError}`).not.toBeNull();
		const { data: workflows } = await client!.from('workflows').select('id').order('created_at');
		const ack = await cycle(client!, workflows![0].id, 10_000);
		expect(ack, JSON.stringify(failures.slice(-3))).not.toBeNull();
		const before = acked.filter((a) => a.workflow_id === workflows![0].id).map((a) => a.version_number);
		expect(ack!.version_number).toBeGreaterThan(Math.max(0, ...before));
		expect(await integrityViolations(url)).toEqual([]);
	});
});

function pick(a: Ack): Ack {
	return { id: a.id, workflow_id: a.workflow_id, version_number: a.version_number, definition_hash: a.definition_hash };
}
