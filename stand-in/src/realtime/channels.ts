// Realtime broadcast and presence channels on `/realtime/v1/websocket` (docs/supabase-compat.md §5): the Phoenix
// channels protocol as Realtime speaks it to realtime-js 2.109 — heartbeat, phx_join with its config (JWT checked),
// broadcast relayed to the topic's members (`self`, `ack`), presence (`presence_state` on join, `presence_diff`
// on track, untrack, leave and disconnect), access_token, phx_leave. postgres_changes and private channels are
// refused on join with a reason that says so.
import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import { verifyJwt } from '../jwt.ts';
import { nestsDeeperThan } from '../postgrest/payload.ts';
import type { Claims } from '../jwt.ts';
import { decodeFrame, encodeBroadcast, encodeMessage, userBroadcastFromJson } from './protocol.ts';
import type { Message, UserBroadcast } from './protocol.ts';

type Meta = Record<string, unknown> & { phx_ref: string };

interface Member {
	conn: Connection;
	topic: string;
	joinRef: string | null;
	self: boolean;
	ack: boolean;
	presence: boolean;
	presenceKey: string;
	claims: Claims;
	meta: Meta | undefined;
}

/** Who is in which topic, shared by every connection of one stand-in. */
export class Hub {
	private readonly topics = new Map<string, Set<Member>>();
	private refCounter = 0;

	nextRef(): string {
		return `${Date.now().toString(36)}${(++this.refCounter).toString(36)}`;
	}

	members(topic: string): Set<Member> {
		return this.topics.get(topic) ?? new Set();
	}

	add(m: Member): void {
		(this.topics.get(m.topic) ?? this.topics.set(m.topic, new Set()).get(m.topic)!).add(m);
	}

	remove(m: Member): void {
		const set = this.topics.get(m.topic);
		set?.delete(m);
		if (set && set.size === 0) this.topics.delete(m.topic);
	}

	/** `{key: {metas: [...]}}` of every tracked member of the topic. */
	presenceState(topic: string): Record<string, { metas: Meta[] }> {
		const state: Record<string, { metas: Meta[] }> = {};
		for (const m of this.members(topic)) if (m.meta) (state[m.presenceKey] ??= { metas: [] }).metas.push(m.meta);
		return state;
	}

	/** Sends a presence diff to the topic's members that listen to presence. */
	presenceDiff(topic: string, joins: Record<string, { metas: Meta[] }>, leaves: Record<string, { metas: Meta[] }>): void {
		for (const m of this.members(topic)) {
			if (m.presence) m.conn.send({ joinRef: null, ref: null, topic, event: 'presence_diff', payload: { joins, leaves } });
		}
	}
}

export type TokenCheck = { ok: true; claims: Claims } | { ok: false; reason: string };

/** Realtime's check of a channel's JWT: the local secret, HS256, not expired. */
export function checkToken(token: string | undefined, secret: string): TokenCheck {
	if (!token) return { ok: false, reason: 'InvalidJWTToken: no token was given' };
	const r = verifyJwt(token, secret, { skew: 0, checkIat: false });
	if (r.ok) return { ok: true, claims: r.claims };
	const why: Record<string, string> = {
		expired: 'Token has expired',
		not_yet_valid: 'Token is not valid yet',
		signature: 'Signature error',
		algorithm: 'Unsupported signing algorithm'
	};
	return { ok: false, reason: `InvalidJWTToken: ${why[r.reason] ?? 'Failed to parse the token'}` };
}

const IDLE_TIMEOUT_MS = 60_000;

/** One WebSocket: its channels by topic. */
export class Connection {
	private readonly channels = new Map<string, Member>();
	private idle: NodeJS.Timeout | undefined;

	constructor(
		private readonly ws: WebSocket,
		private readonly hub: Hub,
		private readonly secret: string,
		/** The token of the `apikey` the socket connected with, used when a join carries none. */
		private readonly apikeyToken: string,
		private readonly vsn: string,
		/** Text frames nesting deeper than this (below the top level) close the socket, unparsed. */
		private readonly maxDepth: number
	) {
		ws.on('message', (data: Buffer, isBinary: boolean) => this.onFrame(data, isBinary));
		ws.on('close', () => this.closed());
		ws.on('error', () => ws.terminate());
		this.touch();
	}

	send(m: Message): void {
		if (this.ws.readyState === this.ws.OPEN) this.ws.send(encodeMessage(m));
	}

	private sendBroadcast(topic: string, b: UserBroadcast): void {
		if (this.ws.readyState !== this.ws.OPEN) return;
		if (this.vsn === '1.0.0') {
			const payload = b.encoding === 1 ? JSON.parse(b.payload.toString('utf8')) : [...b.payload];
			this.send({ joinRef: null, ref: null, topic, event: 'broadcast', payload: { type: 'broadcast', event: b.event, payload } });
		} else this.ws.send(encodeBroadcast(topic, b));
	}

	private reply(m: Message, status: 'ok' | 'error', response: Record<string, unknown> = {}): void {
		if (m.ref !== null) this.send({ joinRef: m.joinRef, ref: m.ref, topic: m.topic, event: 'phx_reply', payload: { status, response } });
	}

	private touch(): void {
		clearTimeout(this.idle);
		this.idle = setTimeout(() => this.ws.close(1000, 'heartbeat timeout'), IDLE_TIMEOUT_MS);
		this.idle.unref();
	}

	private onFrame(data: Buffer, isBinary: boolean): void {
		this.touch();
		try {
			this.handle(data, isBinary);
		} catch {
			// Never let one frame take the server down; the socket goes, the others stay.
			this.ws.close(1011, 'internal error');
		}
	}

	private handle(data: Buffer, isBinary: boolean): void {
		if (!isBinary && nestsDeeperThan(data.toString('utf8'), this.maxDepth)) return this.ws.close(1008, 'message nested too deeply');
		const incoming = decodeFrame(data, isBinary);
		if (!incoming) return this.ws.close(1003, 'unreadable frame');
		const m = incoming.message;
		if (m.topic === 'phoenix' && m.event === 'heartbeat') return this.reply(m, 'ok');
		if (m.event === 'phx_join') return this.join(m);
		const member = this.channels.get(m.topic);
		if (!member) return this.reply(m, 'error', { reason: 'unmatched topic' });
		switch (m.event) {
			case 'broadcast': {
				const b = incoming.kind === 'broadcast' ? incoming.broadcast : userBroadcastFromJson(m.payload);
				if (!b) return this.reply(m, 'error', { reason: 'a broadcast needs an event' });
				for (const other of this.hub.members(m.topic)) if (other !== member || member.self) other.conn.sendBroadcast(m.topic, b);
				if (member.ack) this.reply(m, 'ok');
				return;
			}
			case 'presence':
				return this.presence(member, m);
			case 'access_token':
				return this.accessToken(member, m);
			case 'phx_leave':
				this.leave(member);
				return this.reply(m, 'ok');
			default:
				return this.reply(m, 'error', { reason: `unknown event ${m.event}` });
		}
	}

	private join(m: Message): void {
		if (!m.topic.startsWith('realtime:')) return this.reply(m, 'error', { reason: 'unmatched topic' });
		const payload = (m.payload ?? {}) as { config?: Record<string, any>; access_token?: unknown };
		const config = payload.config ?? {};
		if (Array.isArray(config.postgres_changes) && config.postgres_changes.length > 0) {
			return this.reply(m, 'error', { reason: 'postgres_changes is not supported by the local stand-in; use broadcast' });
		}
		if (config.private === true) {
			return this.reply(m, 'error', { reason: 'Private channels (authorization through realtime.messages) are not supported by the local stand-in' });
		}
		const token = typeof payload.access_token === 'string' && payload.access_token ? payload.access_token : this.apikeyToken;
		const check = checkToken(token, this.secret);
		if (!check.ok) return this.reply(m, 'error', { reason: check.reason });
		const previous = this.channels.get(m.topic);
		if (previous) {
			// A second join of the same topic replaces the first, as Phoenix does.
			this.leave(previous);
			this.send({ joinRef: previous.joinRef, ref: null, topic: m.topic, event: 'phx_close', payload: {} });
		}
		const key = typeof config.presence?.key === 'string' && config.presence.key !== '' ? config.presence.key : randomUUID();
		const member: Member = {
			conn: this,
			topic: m.topic,
			joinRef: m.joinRef,
			self: config.broadcast?.self === true,
			ack: config.broadcast?.ack === true,
			presence: config.presence?.enabled === true,
			presenceKey: key,
			claims: check.claims,
			meta: undefined
		};
		this.channels.set(m.topic, member);
		this.hub.add(member);
		this.reply(m, 'ok', { postgres_changes: [] });
		if (member.presence) {
			this.send({ joinRef: null, ref: null, topic: m.topic, event: 'presence_state', payload: this.hub.presenceState(m.topic) });
		}
	}

	private presence(member: Member, m: Message): void {
		const p = (m.payload ?? {}) as { event?: unknown; payload?: unknown };
		const key = member.presenceKey;
		const old = member.meta;
		if (p.event === 'track') {
			const fields = p.payload && typeof p.payload === 'object' && !Array.isArray(p.payload) ? p.payload : {};
			const meta: Meta = { ...(fields as Record<string, unknown>), phx_ref: this.hub.nextRef() };
			if (old) meta.phx_ref_prev = old.phx_ref;
			member.meta = meta;
			this.hub.presenceDiff(member.topic, { [key]: { metas: [meta] } }, old ? { [key]: { metas: [old] } } : {});
		} else if (p.event === 'untrack') {
			member.meta = undefined;
			if (old) this.hub.presenceDiff(member.topic, {}, { [key]: { metas: [old] } });
		} else return this.reply(m, 'error', { reason: 'presence events are track and untrack' });
		this.reply(m, 'ok');
	}

	private accessToken(member: Member, m: Message): void {
		const token = (m.payload as { access_token?: unknown } | null)?.access_token;
		const check = checkToken(typeof token === 'string' ? token : undefined, this.secret);
		if (check.ok) {
			member.claims = check.claims;
			return this.reply(m, 'ok');
		}
		// Realtime closes a channel whose new token does not verify, saying why.
		this.send({ joinRef: member.joinRef, ref: null, topic: m.topic, event: 'system', payload: { extension: 'system', status: 'error', message: check.reason } });
		this.leave(member);
		this.send({ joinRef: member.joinRef, ref: null, topic: m.topic, event: 'phx_close', payload: {} });
	}

	private leave(member: Member): void {
		if (this.channels.get(member.topic) === member) this.channels.delete(member.topic);
		this.hub.remove(member);
		if (member.meta) this.hub.presenceDiff(member.topic, {}, { [member.presenceKey]: { metas: [member.meta] } });
		member.meta = undefined;
	}

	private closed(): void {
		clearTimeout(this.idle);
		for (const member of [...this.channels.values()]) this.leave(member);
	}
}
