// The `/realtime/v1/websocket` upgrade (docs/supabase-compat.md §5): the `apikey` query parameter is mapped as
// the gateway maps keys (§2.1) and must be a valid JWT of the local secret, as Realtime checks it on connect;
// then every frame goes to the channels of channels.ts.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ANON_KEY, PUBLISHABLE_KEY, SECRET_KEY, SERVICE_ROLE_KEY } from '../keys.ts';
import { Connection, Hub, checkToken } from './channels.ts';

export const REALTIME_PATH = '/realtime/v1/websocket';

export interface RealtimeOptions {
	jwtSecret: string;
	/** Frames larger than this close the socket (1009). */
	maxPayloadBytes: number;
	/** Text frames nesting deeper than this below their top level close the socket (1008). */
	maxDepth: number;
}

export interface Realtime {
	/** Closes every socket (1001 going away). */
	close(): void;
}

function refuse(socket: Duplex, status: number, message: string): void {
	const body = JSON.stringify({ message });
	socket.end(
		`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Forbidden'}\r\n` +
			`Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
	);
}

export function attachRealtime(server: Server, opts: RealtimeOptions): Realtime {
	const hub = new Hub();
	const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayloadBytes });
	server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		socket.on('error', () => socket.destroy());
		let url: URL;
		try {
			url = new URL(req.url ?? '/', 'http://stand-in');
		} catch {
			return refuse(socket, 404, 'no Route matched with those values');
		}
		if (url.pathname !== REALTIME_PATH) return refuse(socket, 404, 'no Route matched with those values');
		const apikey = url.searchParams.get('apikey');
		if (!apikey) return refuse(socket, 401, 'No API key found in request');
		const token = apikey === PUBLISHABLE_KEY ? ANON_KEY : apikey === SECRET_KEY ? SERVICE_ROLE_KEY : apikey;
		if (!checkToken(token, opts.jwtSecret).ok) return refuse(socket, 403, 'Invalid API key: the apikey is not a valid JWT of this project');
		const vsn = url.searchParams.get('vsn') ?? '1.0.0';
		if (vsn !== '1.0.0' && vsn !== '2.0.0') return refuse(socket, 403, `Unsupported serializer version ${vsn}`);
		wss.handleUpgrade(req, socket, head, (ws) => new Connection(ws, hub, opts.jwtSecret, token, vsn, opts.maxDepth));
	});
	return {
		close() {
			for (const ws of wss.clients) ws.close(1001, 'server shutting down');
			wss.close();
		}
	};
}
