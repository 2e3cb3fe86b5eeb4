// GoTrue's error bodies (docs/supabase-compat.md §4). With `X-Supabase-Api-Version: 2024-01-01` (auth-js
// always sends it) the body is `{code, message}` and the header is echoed; without it, the legacy
// `{code: <status>, error_code, msg}`. `x-sb-error-code` is always set.
import type { Reply } from '../http.ts';

export class AuthError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly extra: Record<string, unknown> = {}
	) {
		super(message);
	}

	reply(versioned: boolean): Reply {
		const body = versioned
			? { code: this.code, message: this.message, ...this.extra }
			: { code: this.status, error_code: this.code, msg: this.message, ...this.extra };
		return {
			status: this.status,
			headers: { 'Content-Type': 'application/json', 'x-sb-error-code': this.code },
			body: JSON.stringify(body)
		};
	}
}

/** The older OAuth2-style error (`{error, error_description}`), still used for a missing refresh_token. */
export class OAuthError extends Error {
	constructor(
		readonly status: number,
		readonly error: string,
		description: string
	) {
		super(description);
	}

	reply(): Reply {
		return {
			status: this.status,
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ error: this.error, error_description: this.message })
		};
	}
}

export const authErrors = {
	invalidCredentials: () => new AuthError(400, 'invalid_credentials', 'Invalid login credentials'),
	emailNotConfirmed: () => new AuthError(400, 'email_not_confirmed', 'Email not confirmed'),
	userBanned: () => new AuthError(400, 'user_banned', 'User is banned'),
	validation: (message: string) => new AuthError(400, 'validation_failed', message),
	weakPassword: (min: number) =>
		new AuthError(422, 'weak_password', `Password should be at least ${min} characters.`, {
			weak_password: { reasons: ['length'] }
		}),
	userExists: () => new AuthError(422, 'user_already_exists', 'User already registered'),
	refreshNotFound: () => new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found'),
	refreshReused: () => new AuthError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used'),
	refreshSessionGone: () => new AuthError(400, 'session_not_found', 'Invalid Refresh Token: No Valid Session Found'),
	noAuthorization: () => new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token'),
	badJwt: (detail: string) => new AuthError(403, 'bad_jwt', detail),
	userNotFound: () => new AuthError(403, 'user_not_found', 'User from sub claim in JWT does not exist'),
	sessionNotFound: () => new AuthError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist'),
	badJson: (detail: string) => new AuthError(400, 'bad_json', `Could not parse request body as JSON: ${detail}`),
	/** A row GoTrue cannot scan (NULL in a token column, supabase/auth#1940) or any other database failure. */
	databaseQuerying: () => new AuthError(500, 'unexpected_failure', 'Database error querying schema'),
	databaseSaving: () => new AuthError(500, 'unexpected_failure', 'Database error saving new user'),
	unexpected: (message = 'Unexpected failure, please check server logs for more information') =>
		new AuthError(500, 'unexpected_failure', message),
	notFound: () => new AuthError(404, 'not_found', 'Not Found')
};
