// The local Kong gateway's Authorization rewrite (docs/supabase-compat.md §2.1):
//   - an Authorization header that is not `Bearer sb_…` passes through unchanged;
//   - else apikey == the secret key        → `Bearer <service_role JWT>`;
//   - else apikey == the publishable key   → `Bearer <anon JWT>`;
//   - else the raw apikey value (which, not being `Bearer …`, carries no token for PostgREST/GoTrue).
import type { IncomingMessage } from 'node:http';
import { ANON_KEY, PUBLISHABLE_KEY, SECRET_KEY, SERVICE_ROLE_KEY } from './keys.ts';
import { header } from './http.ts';

export function gatewayAuthorization(req: IncomingMessage): string | undefined {
	const auth = header(req, 'authorization');
	if (auth !== undefined && !auth.startsWith('Bearer sb_')) return auth;
	const apikey = header(req, 'apikey');
	if (apikey === SECRET_KEY) return `Bearer ${SERVICE_ROLE_KEY}`;
	if (apikey === PUBLISHABLE_KEY) return `Bearer ${ANON_KEY}`;
	return apikey;
}

/**
 * The token a service sees after the gateway: `Bearer <token>` → token (possibly empty);
 * no header or another scheme → undefined.
 */
export function bearerToken(authorization: string | undefined): string | undefined {
	if (authorization === undefined) return undefined;
	const m = /^Bearer(?:\s+(.*))?$/i.exec(authorization.trim());
	if (!m) return undefined;
	return (m[1] ?? '').trim();
}
