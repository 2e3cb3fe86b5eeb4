// The curl examples of the /api routes of runs, export/import, rename, duplicate, reviews and invitations,
// spliced into docs/examples/curl.ts's story (see there for how they are run).
import { DEFINITION_V6, api, type CurlExample } from './curl-helpers.ts';

/** A sign-in like the first example, for another demo user; `access_token` becomes `variable`. */
function signInAs(id: string, email: string, variable: string, why: string): CurlExample {
	return {
		id,
		target: 'auth',
		title: `Sign in as ${email} (${why}); \`access_token\` is ${variable}`,
		command: String.raw`curl -sS -X POST "$SUPABASE_URL/auth/v1/token?grant_type=password" \
  -H "apikey: $ANON_KEY" \
  -H "Content-Type: application/json" \
  -d '{"email": "` + email + `", "password": "demo-password"}'`,
		status: 200,
		sets: { [variable]: 'access_token' }
	};
}

/** `/api` with another bearer token than the owner's. */
function apiAs(token: string, method: string, path: string, body?: string): string {
	return api(method, path, body).replace('$ACCESS_TOKEN', token);
}

/** The /api routes of runs, export/import, rename, duplicate, reviews and invitations, in story order. */
export function appRoutesExamples(): CurlExample[] {
	return [
		{
			id: 'api-finish-run',
			target: 'api:POST /api/runs/[id]/finish',
			title: 'The orchestrator reports the staging run finished (`succeeded`, `failed` or `cancelled`, once)',
			command: apiAs('$SERVICE_ROLE_KEY', 'POST', '/api/runs/$RUN_ID/finish', '{"status": "failed"}'),
			status: 200
		},
		{
			id: 'api-replay-run',
			target: 'api:POST /api/runs/[id]/replay',
			title: 'Replay it: a new run on the very version the original ran, whatever staging runs now',
			command: apiAs('$SERVICE_ROLE_KEY', 'POST', '/api/runs/$RUN_ID/replay'),
			status: 201
		},
		{
			id: 'api-update-workflow',
			target: 'api:PATCH /api/workflows/[id]',
			title: 'Rename a workflow or change its description (`""` clears it; a name over 200 characters is refused, never cut)',
			command: api('PATCH', '/api/workflows/$WORKFLOW_ID', '{"name": "Order intake (shop)", "description": "Orders from the shop, to the warehouse"}'),
			status: 200
		},
		{
			id: 'api-export',
			target: 'api:GET /api/versions/[id]/export',
			title: 'Download v3 as a JSON document (definition, workflow name, number, note, author, date and hash); `-i` shows the file name in `Content-Disposition` (`-OJ` saves under it)',
			command: api('GET', '/api/versions/$V3_ID/export', undefined, ['-i']),
			status: 200
		},
		{
			id: 'api-import',
			target: 'api:POST /api/workflows/[id]/import',
			title: 'Import a definition (or an exported document, whose hash is checked) into the draft; with no draft it starts one at revision 1',
			command: api('POST', '/api/workflows/$WORKFLOW_ID/import', `{"document": ${DEFINITION_V6}}`),
			status: 200
		},
		{
			id: 'api-request-review',
			target: 'api:POST /api/workflows/[id]/reviews',
			title: 'Ask for a review of draft revision 1 (or `If-Match: "1"`); the answer\'s `id` is REQUEST_ID',
			command: api('POST', '/api/workflows/$WORKFLOW_ID/reviews', '{"expected_revision": 1, "note": "Warehouse API v4"}'),
			status: 201,
			sets: { REQUEST_ID: 'id' }
		},
		{
			id: 'api-list-reviews',
			target: 'api:GET /api/projects/[id]/reviews',
			title: 'The project\'s open review requests, newest first',
			command: api('GET', '/api/projects/$PROJECT_ID/reviews?state=open'),
			status: 200
		},
		signInAs('auth-sign-in-publisher', 'publisher@example.com', 'PUBLISHER_TOKEN', 'another publisher decides the review'),
		{
			id: 'api-decide-review',
			target: 'api:POST /api/reviews/[id]/decision',
			title: 'Another publisher approves it (someone who neither asked for it nor changed the draft)',
			command: apiAs('$PUBLISHER_TOKEN', 'POST', '/api/reviews/$REQUEST_ID/decision', '{"decision": "approve", "comment": "Checked against the warehouse docs"}'),
			status: 200
		},
		{
			id: 'api-withdraw-review',
			target: 'api:POST /api/reviews/[id]/withdraw',
			title: 'The requester withdraws an open or approved request',
			command: api('POST', '/api/reviews/$REQUEST_ID/withdraw'),
			status: 200
		},
		{
			id: 'api-duplicate',
			target: 'api:POST /api/versions/[id]/duplicate',
			title: 'Copy v1 as a new workflow (its draft holds v1\'s definition), in any project where you are an editor',
			command: api('POST', '/api/versions/$V1_ID/duplicate', '{"project_id": "$PROJECT_ID", "name": "Order intake, first version"}'),
			status: 201
		},
		{
			id: 'api-invite',
			target: 'api:POST /api/projects/[id]/invitations',
			title: 'Invite outsider@example.com as a viewer (owners only); the answer\'s `id` is OUTSIDER_INVITATION_ID',
			command: api('POST', '/api/projects/$PROJECT_ID/invitations', '{"email": "outsider@example.com", "role": "viewer"}'),
			status: 201,
			sets: { OUTSIDER_INVITATION_ID: 'id' }
		},
		signInAs('auth-sign-in-outsider', 'outsider@example.com', 'OUTSIDER_TOKEN', 'the invitee'),
		{
			id: 'api-list-invitations',
			target: 'api:GET /api/invitations',
			title: 'The invitee\'s pending invitations, with project name and who invited them',
			command: apiAs('$OUTSIDER_TOKEN', 'GET', '/api/invitations'),
			status: 200
		},
		{
			id: 'api-accept-invitation',
			target: 'api:POST /api/invitations/[id]/accept',
			title: 'Accept it: the invitee becomes a viewer of the project',
			command: apiAs('$OUTSIDER_TOKEN', 'POST', '/api/invitations/$OUTSIDER_INVITATION_ID/accept'),
			status: 200
		},
		{
			id: 'api-decline-invitation',
			target: 'api:POST /api/invitations/[id]/decline',
			title: 'Declining an invitation that is no longer pending: 409, code PT409 (a pending one answers 200)',
			command: apiAs('$OUTSIDER_TOKEN', 'POST', '/api/invitations/$OUTSIDER_INVITATION_ID/decline'),
			status: 409
		},
		{
			id: 'api-revoke-invitation',
			target: 'api:DELETE /api/invitations/[id]',
			title: 'An owner revokes the pending invitation of new.colleague@example.com (INVITATION_ID, from invite_project_member above)',
			command: api('DELETE', '/api/invitations/$INVITATION_ID'),
			status: 200
		}
	];
}
