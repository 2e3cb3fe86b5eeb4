// Setup for tests/e2e/polish.spec.ts: workflows made through the real RPCs with supabase-js (signed in as
// a demo user against the stand-in the suite started), so each test builds exactly the graph it needs
// without clicking it together first; and measurements of what the canvas shows.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { Page } from '@playwright/test';
import ws from 'ws';
import { ANON_KEY } from '../../stand-in/src/keys';
import type { Database } from '../../types/database';
import { PASSWORD } from './fixtures';

type Client = SupabaseClient<Database>;
const clients = new Map<string, Client>();

/** A supabase-js client signed in as `email`. */
export async function as(email: string): Promise<Client> {
	const cached = clients.get(email);
	if (cached) return cached;
	const client = createClient<Database>(process.env.E2E_API_URL!, ANON_KEY, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		realtime: { transport: ws as unknown as typeof WebSocket } // Node 20 has no WebSocket of its own
	});
	const { error } = await client.auth.signInWithPassword({ email, password: PASSWORD });
	if (error) throw error;
	clients.set(email, client);
	return client;
}

export async function projectId(name: string): Promise<string> {
	const { data, error } = await (await as('owner@example.com')).from('projects').select('id').eq('name', name).single();
	if (error) throw error;
	return data.id;
}

type Step = [id: string, type: string, label: string, config?: Record<string, unknown>];

/** A left-to-right definition: the steps 240 px apart, `links` as [source, target] (ids `e-<s>-<t>`). */
export function graph(steps: Step[], links: [string, string][]) {
	return {
		nodes: steps.map(([id, type, label, config], i) => ({ id, position: { x: i * 240, y: 0 }, data: { type, label, config: config ?? {} } })),
		edges: links.map(([source, target]) => ({ id: `e-${source}-${target}`, source, target }))
	};
}

export const unique = (prefix: string) => `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;

/** A workflow in Acme made by the editor; with `publish`, published by the publisher (notes in order). */
export async function makeWorkflow(name: string, definition: unknown, publish: string[] = []): Promise<{ id: string; versions: string[] }> {
	const editor = await as('editor@example.com');
	const publisher = await as('publisher@example.com');
	const wf = await editor.rpc('create_workflow', { project_id: await projectId('Acme automations'), name, definition: definition as never });
	if (wf.error) throw wf.error;
	const versions: string[] = [];
	for (const [i, note] of publish.entries()) {
		if (i > 0) {
			await publisher.rpc('create_draft', { workflow_id: wf.data.id });
			const d = await publisher.from('workflow_versions').select('revision, definition').eq('workflow_id', wf.data.id).eq('state', 'draft').single();
			const def = d.data!.definition as { nodes: { data: Record<string, unknown> }[] };
			def.nodes[def.nodes.length - 1].data.config = { step: i };
			const saved = await publisher.rpc('save_draft', { workflow_id: wf.data.id, definition: def as never, expected_revision: d.data!.revision });
			if (saved.error) throw saved.error;
		}
		const v = await publisher.rpc('publish_draft', { workflow_id: wf.data.id, note });
		if (v.error) throw v.error;
		versions.push(v.data.id);
	}
	return { id: wf.data.id, versions };
}

/** The zoom of the (first, or `scope`'s) canvas viewport. */
export async function canvasZoom(page: Page, scope = 'body'): Promise<number> {
	const style = (await page.locator(scope).locator('.svelte-flow__viewport').first().getAttribute('style')) ?? '';
	const m = /scale\(([\d.]+)\)/.exec(style);
	return m ? Number(m[1]) : NaN;
}

/** Horizontal overflow of the page: how far the document is wider than the window. */
export async function horizontalOverflow(page: Page): Promise<number> {
	return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
