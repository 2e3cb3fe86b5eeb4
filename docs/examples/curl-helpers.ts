// Building blocks of the curl examples (docs/examples/curl.ts): the definitions they save and the shapes
// of a Supabase RPC call and an /api call, so every example is written the same way.

export interface CurlExample {
	/** Unique id; also the anchor in docs/api.md. */
	id: string;
	/** `rpc:<function>`, `table:<name>`, `auth`, or `api:<METHOD> <route>` (route as in src/routes/api). */
	target: string;
	title: string;
	command: string;
	/** The HTTP status the command must get. */
	status: number;
	/** Shell variables later examples use, each taken from a top-level field of this answer's JSON. */
	sets?: Record<string, string>;
}

export const DEFINITION_V4 =
	'{"nodes": [{"id": "trigger", "position": {"x": 0, "y": 80}, "data": {"type": "webhook", "label": "Order received"}}, ' +
	'{"id": "notify", "position": {"x": 280, "y": 80}, "data": {"type": "http_call", "label": "Notify warehouse", "config": {"url": "https://example.org/warehouse/v3"}}}], ' +
	'"edges": [{"id": "e1", "source": "trigger", "target": "notify"}], "settings": {}}';

export const DEFINITION_V6 =
	'{"nodes": [{"id": "trigger", "position": {"x": 0, "y": 80}, "data": {"type": "webhook", "label": "Order received"}}, ' +
	'{"id": "notify", "position": {"x": 280, "y": 80}, "data": {"type": "http_call", "label": "Notify warehouse", "config": {"url": "https://example.org/warehouse/v4"}}}], ' +
	'"edges": [{"id": "e1", "source": "trigger", "target": "notify"}], "settings": {}}';

export const REST = String.raw`-H "apikey: $ANON_KEY" \
  -H "Authorization: Bearer $ACCESS_TOKEN"`;
export const JSON_BODY = String.raw`-H "Content-Type: application/json"`;

export function rpc(fn: string, body: string): string {
	return String.raw`curl -sS -X POST "$SUPABASE_URL/rest/v1/rpc/` + fn + String.raw`" \
  ` + REST + String.raw` \
  ` + JSON_BODY + String.raw` \
  -d "` + body + '"';
}

export function api(method: string, path: string, body?: string, extra: string[] = []): string {
	const lines = [String.raw`curl -sS -X ` + method + ` "$APP_URL` + path + '"', String.raw`-H "Authorization: Bearer $ACCESS_TOKEN"`, ...extra];
	// A body naming shell variables is double-quoted so the shell fills them in.
	if (body !== undefined) lines.push(JSON_BODY, body.includes('$') ? `-d "${q(body)}"` : `-d '${body}'`);
	return lines.join(' \\\n  ');
}

/** An RPC called with the service_role key (the run orchestrator): no user session. */
export function serviceRpc(fn: string, body: string): string {
	return String.raw`curl -sS -X POST "$SUPABASE_URL/rest/v1/rpc/` + fn + String.raw`" \
  -H "apikey: $SERVICE_ROLE_KEY" \
  -H "Authorization: Bearer $SERVICE_ROLE_KEY" \
  ` + JSON_BODY + String.raw` \
  -d "` + body + '"';
}

/** JSON with shell variables inside: double-quoted for the shell. */
export function q(json: string): string {
	return json.replace(/"/g, '\\"');
}
