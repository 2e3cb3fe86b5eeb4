// Concurrent publishes of one workflow serialise and keep numbering gapless.
//
// Eight separate connections act as one publisher the way PostgREST would: every RPC is its own
// transaction with `role` and `request.jwt.claims` set locally. Each worker loops
//   create_draft (re-read the draft and its revision) → save_draft(expected_revision) → publish_draft
// until 40 publishes have succeeded in total. Workers race on the same draft, so many calls lose with a
// conflict; the only acceptable failure is PT409. Afterwards the history must be exactly 1..40.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createThrowawayDatabase, dropDatabase } from '../../scripts/lib/postgres.ts';

const WORKERS = 8;
const TARGET = 40;
const MAX_ATTEMPTS_PER_WORKER = 2_000;

type Claims = Record<string, unknown>;

let url: string;
let admin: pg.Client;
let workflowId: string;
let publisherClaims: Claims;

function claimsFor(id: string, email: string): Claims {
	const now = Math.floor(Date.now() / 1000);
	return {
		iss: 'http://127.0.0.1:54321/auth/v1',
		sub: id,
		aud: 'authenticated',
		role: 'authenticated',
		email,
		exp: now + 3600,
		iat: now,
		// no session_id: a token minted with the JWT secret, which the database checks for the account only
		is_anonymous: false
	};
}

async function createUser(client: pg.Client, email: string): Promise<string> {
	const { rows } = await client.query(
		`insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
		                         confirmation_token, recovery_token, email_change_token_new, email_change,
		                         raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
		 values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', $1, '', now(),
		         '', '', '', '', '{"provider":"email","providers":["email"]}', '{}', now(), now())
		 returning id`,
		[email]
	);
	return rows[0].id as string;
}

/** One PostgREST-style request: its own transaction, the caller's role and claims set locally. */
async function rpc<T = Record<string, unknown>>(client: pg.Client, claims: Claims, sql: string, params: unknown[]): Promise<T> {
	await client.query('begin');
	try {
		await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
			JSON.stringify(claims)
		]);
		const { rows } = await client.query(sql, params);
		await client.query('commit');
		return rows[0] as T;
	} catch (e) {
		await client.query('rollback').catch(() => {});
		throw e;
	}
}

function definition(worker: number, attempt: number) {
	return {
		nodes: [
			{ id: 'trigger', position: { x: 0, y: 0 }, data: { type: 'webhook', label: 'In', config: {} } },
			{ id: 'call', position: { x: 240, y: 0 }, data: { type: 'http_call', label: 'Out', config: { url: 'https://example.org' } } }
		],
		edges: [{ id: 'e1', source: 'trigger', target: 'call' }],
		// unique per attempt, so a draft is never identical to the live version
		settings: { worker, attempt }
	};
}

beforeAll(async () => {
	url = await createThrowawayDatabase('wv_conc', { seed: false });
	admin = new pg.Client({ connectionString: url });
	await admin.connect();

	const ownerId = await createUser(admin, 'owner@conc.example.com');
	const publisherId = await createUser(admin, 'publisher@conc.example.com');
	const ownerClaims = claimsFor(ownerId, 'owner@conc.example.com');
	publisherClaims = claimsFor(publisherId, 'publisher@conc.example.com');

	const project = await rpc<{ id: string }>(admin, ownerClaims, 'select * from public.create_project(name => $1)', ['Concurrency']);
	// Operators add members with SQL (the membership trigger audits it).
	await admin.query(`insert into public.project_members (project_id, user_id, role) values ($1, $2, 'publisher')`, [project.id, publisherId]);
	const workflow = await rpc<{ id: string }>(
		admin,
		ownerClaims,
		'select * from public.create_workflow(project_id => $1, name => $2)',
		[project.id, 'Raced']
	);
	workflowId = workflow.id;
});

afterAll(async () => {
	await admin?.end().catch(() => {});
	if (url) await dropDatabase(url);
});

describe('concurrent publish_draft on one workflow', () => {
	it(`numbers ${TARGET} publishes from ${WORKERS} connections 1..${TARGET} without gaps or duplicates`, async () => {
		let succeeded = 0;
		let inFlight = 0;
		const failures: { call: string; code: string; message: string }[] = [];
		const published: number[] = [];

		async function attempt<T>(call: string, fn: () => Promise<T>): Promise<T | undefined> {
			try {
				return await fn();
			} catch (e) {
				const err = e as { code?: string; message?: string };
				failures.push({ call, code: err.code ?? '?', message: err.message ?? String(e) });
				return undefined;
			}
		}

		async function worker(n: number) {
			const client = new pg.Client({ connectionString: url });
			await client.connect();
			try {
				for (let i = 0; i < MAX_ATTEMPTS_PER_WORKER && succeeded < TARGET; i++) {
					// never let more publishes be attempted than are still needed, so the total is exact
					if (succeeded + inFlight >= TARGET) {
						await new Promise((r) => setTimeout(r, 1));
						continue;
					}
					inFlight++;
					try {
						const draft = await attempt('create_draft', () =>
							rpc<{ revision: number }>(client, publisherClaims, 'select * from public.create_draft(workflow_id => $1)', [workflowId])
						);
						if (!draft) continue;
						const saved = await attempt('save_draft', () =>
							rpc<{ revision: number }>(
								client,
								publisherClaims,
								'select * from public.save_draft(workflow_id => $1, definition => $2, expected_revision => $3)',
								[workflowId, JSON.stringify(definition(n, i)), draft.revision]
							)
						);
						if (!saved) continue;
						const version = await attempt('publish_draft', () =>
							rpc<{ version_number: number }>(
								client,
								publisherClaims,
								'select * from public.publish_draft(workflow_id => $1, expected_revision => $2)',
								[workflowId, saved.revision]
							)
						);
						if (version) {
							succeeded++;
							published.push(version.version_number);
						}
					} finally {
						inFlight--;
					}
				}
			} finally {
				await client.end();
			}
		}

		await Promise.all(Array.from({ length: WORKERS }, (_, n) => worker(n)));

		// every failed call lost a race, nothing else
		const unexpected = failures.filter((f) => f.code !== 'PT409');
		expect(unexpected).toEqual([]);
		expect(succeeded).toBe(TARGET);

		const expected = Array.from({ length: TARGET }, (_, i) => i + 1);
		expect([...published].sort((a, b) => a - b)).toEqual(expected);

		const { rows: versions } = await admin.query(
			`select version_number, definition_hash = encode(sha256(convert_to(definition::text, 'UTF8')), 'hex') as hash_ok
			 from public.workflow_versions where workflow_id = $1 and state = 'published' order by version_number`,
			[workflowId]
		);
		expect(versions.map((r) => r.version_number)).toEqual(expected);
		expect(versions.every((r) => r.hash_ok)).toBe(true);

		const { rows: wf } = await admin.query(
			`select w.last_version_number, v.version_number as current_number
			 from public.workflows w left join public.workflow_versions v on v.id = w.current_version_id
			 where w.id = $1`,
			[workflowId]
		);
		expect(wf[0]).toEqual({ last_version_number: TARGET, current_number: TARGET });

		const { rows: events } = await admin.query(
			`select count(*)::int as n from public.workflow_version_events where workflow_id = $1 and action = 'published'`,
			[workflowId]
		);
		expect(events[0].n).toBe(TARGET);

		// how hard the workers raced (informative only: scheduling decides, so it is not asserted)
		console.info(`concurrent publish: ${TARGET} published, ${failures.length} calls lost a race with PT409`);
	});
});
