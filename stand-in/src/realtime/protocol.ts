// Realtime's wire format for serializer vsn 2.0.0, the default of realtime-js 2.109 (docs/supabase-compat.md §5):
// text frames are JSON arrays `[join_ref, ref, topic, event, payload]`; a user broadcast travels as a binary frame,
// kind 3 from client to server (join_ref, ref, topic, event, metadata, then the payload) and kind 4 from server to
// client (topic, event, metadata, then the payload), the payload JSON (encoding 1) or raw bytes (encoding 0).

export interface Message {
	joinRef: string | null;
	ref: string | null;
	topic: string;
	event: string;
	payload: unknown;
}

/** A user broadcast as it arrived: its event, metadata and payload bytes, kept as sent for relaying. */
export interface UserBroadcast {
	event: string;
	meta: string;
	encoding: 0 | 1;
	payload: Buffer;
}

export type Incoming = { kind: 'message'; message: Message } | { kind: 'broadcast'; message: Message; broadcast: UserBroadcast };

const KIND_USER_BROADCAST_PUSH = 3;
const KIND_USER_BROADCAST = 4;

/** Decodes one frame; undefined for anything that is not a well-formed message. */
export function decodeFrame(data: Buffer, isBinary: boolean): Incoming | undefined {
	if (!isBinary) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(data.toString('utf8'));
		} catch {
			return undefined;
		}
		if (!Array.isArray(parsed) || parsed.length !== 5) return undefined;
		const [joinRef, ref, topic, event, payload] = parsed;
		if (typeof topic !== 'string' || typeof event !== 'string') return undefined;
		const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? null : String(v));
		return { kind: 'message', message: { joinRef: str(joinRef), ref: str(ref), topic, event, payload } };
	}
	if (data.length < 7 || data[0] !== KIND_USER_BROADCAST_PUSH) return undefined;
	const lengths = [data[1], data[2], data[3], data[4], data[5]];
	const encoding = data[6];
	if (encoding !== 0 && encoding !== 1) return undefined;
	let offset = 7;
	const [joinRef, ref, topic, event, meta] = lengths.map((n) => {
		const s = data.subarray(offset, offset + n).toString('latin1');
		offset += n;
		return s;
	});
	if (offset > data.length) return undefined;
	const broadcast: UserBroadcast = { event, meta, encoding, payload: data.subarray(offset) };
	return {
		kind: 'broadcast',
		broadcast,
		message: { joinRef: joinRef || null, ref: ref || null, topic, event: 'broadcast', payload: { type: 'broadcast', event } }
	};
}

export function encodeMessage(m: Message): string {
	return JSON.stringify([m.joinRef, m.ref, m.topic, m.event, m.payload]);
}

/** A user broadcast to a client: binary kind 4 when the names fit in a byte length, else a JSON text frame. */
export function encodeBroadcast(topic: string, b: UserBroadcast): Buffer | string {
	const [t, e, m] = [Buffer.from(topic), Buffer.from(b.event), Buffer.from(b.meta)];
	if (t.length > 255 || e.length > 255 || m.length > 255) {
		const payload = b.encoding === 1 ? JSON.parse(b.payload.toString('utf8')) : [...b.payload];
		const body: Record<string, unknown> = { type: 'broadcast', event: b.event, payload };
		if (b.meta) body.meta = JSON.parse(b.meta);
		return encodeMessage({ joinRef: null, ref: null, topic, event: 'broadcast', payload: body });
	}
	return Buffer.concat([Buffer.from([KIND_USER_BROADCAST, t.length, e.length, m.length, b.encoding]), t, e, m, b.payload]);
}

/** A broadcast pushed as a JSON text frame (`{type, event, payload}`), in the relayable form. */
export function userBroadcastFromJson(payload: unknown): UserBroadcast | undefined {
	if (!payload || typeof payload !== 'object') return undefined;
	const p = payload as { event?: unknown; payload?: unknown };
	if (typeof p.event !== 'string') return undefined;
	return { event: p.event, meta: '', encoding: 1, payload: Buffer.from(JSON.stringify(p.payload ?? {})) };
}
