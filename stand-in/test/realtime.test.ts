// Realtime broadcast and presence (docs/supabase-compat.md §5) with two real supabase-js clients, signed in as two
// users, on the channel naming the editor uses: `workflow:<workflow id>`, presence keyed by user id, a
// `draft_saved` broadcast. The raw protocol (heartbeat, unmatched topics, the upgrade's key check) is checked with
// a bare WebSocket.
import { randomUUID } from 'node:crypto';
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ANON_KEY, JWT_SECRET } from '../src/keys.ts';
import { now, startHarness, supabaseClient, token } from './helpers.ts';
import type { Harness } from './helpers.ts';

let h: Harness;
const clients: SupabaseClient[] = [];

beforeAll(async () => {
	h = await startHarness('');
});
afterAll(async () => {
	for (const c of clients) {
		await c.removeAllChannels();
		await c.realtime.disconnect();
	}
	await h?.close();
});

async function signedIn(email: string): Promise<{ sb: SupabaseClient; userId: string }> {
	const sb = supabaseClient(h.standIn.url);
	clients.push(sb);
	const { data, error } = await sb.auth.signUp({ email, password: 'secret-pw' });
	if (error || !data.session) throw error ?? new Error('no session');
	// supabase-js hands the session's token to Realtime on SIGNED_IN; do it explicitly to not depend on timing.
	await sb.realtime.setAuth(data.session.access_token);
	return { sb, userId: data.user!.id };
}

/** A channel that records what it receives; `until` resolves once a condition over the record holds. */
function watch(channel: RealtimeChannel) {
	const broadcasts: Array<{ event: string; payload: Record<string, unknown> }> = [];
	const presence: Array<{ event: string; key?: string }> = [];
	const waiters: Array<() => void> = [];
	const poke = () => waiters.splice(0).forEach((w) => w());
	channel.on('broadcast', { event: '*' }, (m) => {
		broadcasts.push({ event: m.event, payload: m.payload });
		poke();
	});
	channel
		.on('presence', { event: 'sync' }, () => {
			presence.push({ event: 'sync' });
			poke();
		})
		.on('presence', { event: 'join' }, ({ key }) => {
			presence.push({ event: 'join', key });
			poke();
		})
		.on('presence', { event: 'leave' }, ({ key }) => {
			presence.push({ event: 'leave', key });
			poke();
		});
	const until = (ok: () => boolean): Promise<void> =>
		new Promise((resolve) => {
			const check = () => (ok() ? resolve() : waiters.push(check));
			check();
		});
	const subscribed = (): Promise<void> =>
		new Promise((resolve, reject) =>
			channel.subscribe((status, err) => {
				if (status === 'SUBSCRIBED') resolve();
				else if (status !== 'CLOSED') reject(err ?? new Error(status));
			})
		);
	return { channel, broadcasts, presence, until, subscribed, keys: () => Object.keys(channel.presenceState()).sort() };
}

const editorChannel = (sb: SupabaseClient, workflowId: string, userId: string) =>
	sb.channel(`workflow:${workflowId}`, { config: { presence: { key: userId }, broadcast: { self: false, ack: true } } });

describe('presence and broadcast between two supabase-js clients', () => {
	it('each client sees who else has the workflow open, and who leaves', async () => {
		const workflow = randomUUID();
		const alice = await signedIn('alice@example.com');
		const bob = await signedIn('bob@example.com');
		const a = watch(editorChannel(alice.sb, workflow, alice.userId));
		await a.subscribed();
		expect(await a.channel.track({ user_id: alice.userId, email: 'alice@example.com' })).toBe('ok');
		await a.until(() => a.keys().length === 1);

		const b = watch(editorChannel(bob.sb, workflow, bob.userId));
		await b.subscribed();
		// The joiner gets the current state at once (presence_state), before tracking itself.
		await b.until(() => b.keys().includes(alice.userId));
		expect(await b.channel.track({ user_id: bob.userId, email: 'bob@example.com' })).toBe('ok');
		const both = [alice.userId, bob.userId].sort();
		await a.until(() => a.keys().join() === both.join());
		await b.until(() => b.keys().join() === both.join());
		expect(a.channel.presenceState()[bob.userId][0]).toMatchObject({ user_id: bob.userId, email: 'bob@example.com' });
		expect(a.presence.some((e) => e.event === 'join' && e.key === bob.userId)).toBe(true);

		// Leaving the channel removes the entry everywhere.
		await bob.sb.removeChannel(b.channel);
		await a.until(() => a.keys().join() === alice.userId);
		expect(a.presence.some((e) => e.event === 'leave' && e.key === bob.userId)).toBe(true);
	});

	it('a broadcast reaches the other client, not the sender (self: false), and is acknowledged (ack: true)', async () => {
		const workflow = randomUUID();
		const carol = await signedIn('carol@example.com');
		const dave = await signedIn('dave@example.com');
		const c = watch(editorChannel(carol.sb, workflow, carol.userId));
		const d = watch(editorChannel(dave.sb, workflow, dave.userId));
		const elsewhere = watch(editorChannel(dave.sb, randomUUID(), dave.userId));
		await Promise.all([c.subscribed(), d.subscribed(), elsewhere.subscribed()]);
		const sent = await c.channel.send({ type: 'broadcast', event: 'draft_saved', payload: { revision: 4, saved_by: carol.userId } });
		expect(sent).toBe('ok');
		await d.until(() => d.broadcasts.length === 1);
		expect(d.broadcasts[0]).toEqual({ event: 'draft_saved', payload: { revision: 4, saved_by: carol.userId } });
		// The acknowledgement came after the relay; a second message proves nothing else arrived in between.
		await c.channel.send({ type: 'broadcast', event: 'ping', payload: {} });
		await d.until(() => d.broadcasts.length === 2);
		expect(c.broadcasts).toEqual([]);
		expect(elsewhere.broadcasts).toEqual([]);
	});

	it('self: true delivers the sender its own broadcast', async () => {
		const erin = await signedIn('erin@example.com');
		const e = watch(erin.sb.channel(`workflow:${randomUUID()}`, { config: { broadcast: { self: true } } }));
		await e.subscribed();
		expect(await e.channel.send({ type: 'broadcast', event: 'draft_saved', payload: { revision: 1 } })).toBe('ok');
		await e.until(() => e.broadcasts.length === 1);
		expect(e.broadcasts[0].payload).toEqual({ revision: 1 });
	});
});

describe('joins Realtime refuses', () => {
	it('a forged or expired token is a CHANNEL_ERROR naming the JWT problem', async () => {
		for (const bad of [token({ role: 'authenticated', sub: randomUUID(), exp: now() + 60 }, 'another-secret-another-secret-another-secret'), token({ role: 'authenticated', exp: now() - 5 }, JWT_SECRET)]) {
			const sb = supabaseClient(h.standIn.url);
			clients.push(sb);
			await sb.realtime.setAuth(bad);
			const w = watch(sb.channel(`workflow:${randomUUID()}`));
			await expect(w.subscribed()).rejects.toThrow(/InvalidJWTToken/);
		}
	});

	it('postgres_changes and private channels are refused with a reason', async () => {
		const sb = supabaseClient(h.standIn.url);
		clients.push(sb);
		const changes = sb.channel('db').on('postgres_changes', { event: '*', schema: 'public', table: 'workflows' }, () => {});
		await expect(watch(changes).subscribed()).rejects.toThrow(/postgres_changes is not supported/);
		await expect(watch(sb.channel('secret', { config: { private: true } })).subscribed()).rejects.toThrow(/Private channels/);
	});
});

describe('the protocol underneath', () => {
	// Frames queue up as they arrive (several can come in one chunk); next() takes them in order.
	const queues = new WeakMap<WebSocket, { frames: unknown[][]; wake?: () => void }>();
	const open = (query: string) =>
		new Promise<WebSocket>((resolve, reject) => {
			const ws = new WebSocket(`${h.standIn.url.replace('http', 'ws')}/realtime/v1/websocket${query}`);
			const q: { frames: unknown[][]; wake?: () => void } = { frames: [] };
			queues.set(ws, q);
			ws.on('message', (d) => {
				q.frames.push(JSON.parse(String(d)));
				q.wake?.();
			});
			ws.once('open', () => resolve(ws));
			ws.once('unexpected-response', (_req, res) => reject(new Error(String(res.statusCode))));
			ws.once('error', reject);
		});
	const next = async (ws: WebSocket): Promise<unknown[]> => {
		const q = queues.get(ws)!;
		while (q.frames.length === 0) await new Promise<void>((resolve) => (q.wake = resolve));
		return q.frames.shift()!;
	};

	it('tracking again is one presence_diff: the new meta joins (phx_ref_prev), the old one leaves', async () => {
		const ws = await open(`?apikey=${ANON_KEY}&vsn=2.0.0`);
		const topic = `realtime:workflow:${randomUUID()}`;
		ws.send(JSON.stringify(['1', '1', topic, 'phx_join', { config: { presence: { key: 'me', enabled: true } } }]));
		expect((await next(ws))[4]).toEqual({ status: 'ok', response: { postgres_changes: [] } });
		expect(await next(ws)).toEqual([null, null, topic, 'presence_state', {}]);
		ws.send(JSON.stringify(['1', '2', topic, 'presence', { type: 'presence', event: 'track', payload: { v: 1 } }]));
		const first = (await next(ws))[4] as { joins: { me: { metas: Array<{ phx_ref: string }> } } };
		expect(first).toEqual({ joins: { me: { metas: [{ v: 1, phx_ref: expect.any(String) }] } }, leaves: {} });
		expect((await next(ws))[4]).toEqual({ status: 'ok', response: {} });
		ws.send(JSON.stringify(['1', '3', topic, 'presence', { type: 'presence', event: 'track', payload: { v: 2 } }]));
		const old = first.joins.me.metas[0];
		expect((await next(ws))[4]).toEqual({
			joins: { me: { metas: [{ v: 2, phx_ref: expect.any(String), phx_ref_prev: old.phx_ref }] } },
			leaves: { me: { metas: [old] } }
		});
		ws.close();
	});

	it('a frame nested too deep closes that socket only; the server keeps serving', async () => {
		const ws = await open(`?apikey=${ANON_KEY}&vsn=2.0.0`);
		const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
		ws.send(`["1","1","realtime:x","phx_join",{"config":${'['.repeat(100_000)}${']'.repeat(100_000)}}]`);
		expect(await closed).toBe(1008);
		const other = await open(`?apikey=${ANON_KEY}&vsn=2.0.0`);
		other.send(JSON.stringify([null, '9', 'phoenix', 'heartbeat', {}]));
		expect((await next(other))[4]).toEqual({ status: 'ok', response: {} });
		other.close();
	});

	it('answers heartbeats and unmatched topics; the upgrade needs a valid apikey', async () => {
		const ws = await open(`?apikey=${ANON_KEY}&vsn=2.0.0`);
		ws.send(JSON.stringify([null, '1', 'phoenix', 'heartbeat', {}]));
		expect(await next(ws)).toEqual([null, '1', 'phoenix', 'phx_reply', { status: 'ok', response: {} }]);
		ws.send(JSON.stringify(['2', '3', 'realtime:nowhere', 'broadcast', { type: 'broadcast', event: 'x', payload: {} }]));
		expect(await next(ws)).toEqual(['2', '3', 'realtime:nowhere', 'phx_reply', { status: 'error', response: { reason: 'unmatched topic' } }]);
		ws.close();
		await expect(open('?vsn=2.0.0')).rejects.toThrow('401');
		await expect(open('?apikey=not-a-jwt&vsn=2.0.0')).rejects.toThrow('403');
	});
});
