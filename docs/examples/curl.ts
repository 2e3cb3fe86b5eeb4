// Hand-written curl examples spliced into docs/api.md by `npm run docs` and EXECUTED, in this order, by
// tests/integration/docs-examples.test.ts (bash runs each `command` verbatim against a stand-in on a freshly
// seeded database and the built app; the HTTP status must be `status`). Keep them in story order: each
// one starts from the state the previous ones left.
//
// Shell variables the examples use (the test sets them; docs/api.md explains how to get them):
//   SUPABASE_URL, ANON_KEY, ACCESS_TOKEN (owner@example.com), APP_URL, PROJECT_ID ("Acme automations"),
//   WORKFLOW_ID ("Order intake"), DRAFT_ID (its draft), V1_ID / V2_ID / V3_ID (its published versions),
//   OTHER_WORKFLOW_ID ("Nightly sync"), SERVICE_ROLE_KEY (the run orchestrator's key); and the variables an
//   example's `sets` takes from its answer (RUN_ID, REQUEST_ID…) for the examples after it.
import { appRoutesExamples } from './curl-app-routes.ts';
import { DEFINITION_V4, DEFINITION_V6, REST, api, q, rpc, serviceRpc, type CurlExample } from './curl-helpers.ts';

export type { CurlExample };

export const VARIABLES: Array<[name: string, meaning: string]> = [
	['SUPABASE_URL', 'The Supabase API: `http://127.0.0.1:54321` locally (`npm run stack`), or your project URL'],
	['ANON_KEY', 'The anon (publishable) key; locally the Supabase CLI demo key'],
	['ACCESS_TOKEN', 'A user\'s access token: `access_token` of the sign-in answer below (examples sign in as owner@example.com)'],
	['APP_URL', 'The SvelteKit app serving `/api` (`npm start` prints it)'],
	['PROJECT_ID', 'A project id (`GET /rest/v1/projects`)'],
	['WORKFLOW_ID', 'A workflow id (`GET /rest/v1/workflows`); the seed\'s "Order intake" has v1–v3 (production runs v2, staging v3) and a draft'],
	['DRAFT_ID, V1_ID, V2_ID, V3_ID', 'Version ids of that workflow (`list_workflow_versions`)'],
	['OTHER_WORKFLOW_ID', 'A second workflow (the seed\'s "Nightly sync"), archived in the last example'],
	['SERVICE_ROLE_KEY', 'The service_role key the run orchestrator holds (server side only; locally the Supabase CLI demo key): it may call resolve_workflow, start_run, finish_run and replay_run'],
	['INVITATION_ID, RUN_ID, REQUEST_ID, OUTSIDER_INVITATION_ID', 'Ids from earlier answers: each example that makes one says which field it is'],
	['PUBLISHER_TOKEN, OUTSIDER_TOKEN', 'Access tokens of publisher@example.com (decides a review the owner asked for) and outsider@example.com (answers an invitation), from the same sign-in']
];

export const curlExamples: CurlExample[] = [
	{
		id: 'auth-sign-in',
		target: 'auth',
		title: 'Sign in with email and password (GoTrue); `access_token` is the ACCESS_TOKEN of every other example',
		command: String.raw`curl -sS -X POST "$SUPABASE_URL/auth/v1/token?grant_type=password" \
  -H "apikey: $ANON_KEY" \
  -H "Content-Type: application/json" \
  -d '{"email": "owner@example.com", "password": "demo-password"}'`,
		status: 200
	},
	{
		id: 'table-workflows',
		target: 'table:workflows',
		title: 'Read the workflows you can see (RLS: members of their project), with the exact count in `Content-Range`',
		command: String.raw`curl -sS -i "$SUPABASE_URL/rest/v1/workflows?select=id,name,current_version_id&order=name" \
  ` + REST + String.raw` \
  -H "Prefer: count=exact"`,
		status: 200
	},
	{
		id: 'rpc-create-project',
		target: 'rpc:create_project',
		title: 'Create a project (you become its owner)',
		command: rpc('create_project', q('{"name": "Docs demo"}')),
		status: 200
	},
	{
		id: 'rpc-invite-project-member',
		target: 'rpc:invite_project_member',
		title: 'Invite an e-mail address with a role (owners only); the person accepts after signing in with it',
		command: rpc('invite_project_member', q('{"project_id": "$PROJECT_ID", "email": "new.colleague@example.com", "role": "editor"}')),
		status: 200,
		sets: { INVITATION_ID: 'id' }
	},
	{
		id: 'rpc-list-my-invitations',
		target: 'rpc:list_my_invitations',
		title: 'Your own pending invitations (an empty list for the owner)',
		command: rpc('list_my_invitations', q('{}')),
		status: 200
	},
	{
		id: 'rpc-create-workflow',
		target: 'rpc:create_workflow',
		title: 'Create a workflow and its first draft',
		command: rpc('create_workflow', q('{"project_id": "$PROJECT_ID", "name": "Docs example", "description": "Made by the API docs"}')),
		status: 200
	},
	{
		id: 'rpc-validate',
		target: 'rpc:validate_workflow_definition',
		title: 'Check a definition without saving it (here: the trigger is missing)',
		command: rpc(
			'validate_workflow_definition',
			q('{"definition": {"nodes": [{"id": "a", "position": {"x": 0, "y": 0}, "data": {"type": "http_call"}}], "edges": []}}')
		),
		status: 200
	},
	{
		id: 'rpc-list-versions',
		target: 'rpc:list_workflow_versions',
		title: 'List the versions, draft first (GET: arguments in the query string, read-only)',
		command: String.raw`curl -sS "$SUPABASE_URL/rest/v1/rpc/list_workflow_versions?workflow_id=$WORKFLOW_ID&page_size=10" \
  ` + REST,
		status: 200
	},
	{
		id: 'rpc-get-version',
		target: 'rpc:get_workflow_version',
		title: 'One version with its definition',
		command: rpc('get_workflow_version', q('{"version_id": "$V1_ID"}')),
		status: 200
	},
	{
		id: 'rpc-diff',
		target: 'rpc:diff_workflow_versions',
		title: 'What changed from v1 to v3',
		command: rpc('diff_workflow_versions', q('{"from_version_id": "$V1_ID", "to_version_id": "$V3_ID"}')),
		status: 200
	},
	{
		id: 'rpc-create-draft',
		target: 'rpc:create_draft',
		title: 'Get or create the draft (a draft exists: it comes back unchanged)',
		command: rpc('create_draft', q('{"workflow_id": "$WORKFLOW_ID"}')),
		status: 200
	},
	{
		id: 'rpc-save-draft',
		target: 'rpc:save_draft',
		title: 'Save the draft at revision 2 (the answer has revision 3)',
		command: rpc('save_draft', q(`{"workflow_id": "$WORKFLOW_ID", "expected_revision": 2, "definition": ${DEFINITION_V4}}`)),
		status: 200
	},
	{
		id: 'rpc-request-review',
		target: 'rpc:request_review',
		title: 'Ask for a review of revision 3 (another publisher approves it with decide_review)',
		command: rpc('request_review', q('{"workflow_id": "$WORKFLOW_ID", "expected_revision": 3, "note": "New warehouse API"}')),
		status: 200
	},
	{
		id: 'rpc-list-publish-requests',
		target: 'rpc:list_publish_requests',
		title: 'The project\'s open review requests, newest first',
		command: rpc('list_publish_requests', q('{"project_id": "$PROJECT_ID", "state": "open"}')),
		status: 200
	},
	{
		id: 'rpc-save-draft-stale',
		target: 'rpc:save_draft',
		title: 'Saving with a stale revision is refused: 409, code PT409, nothing written',
		command: rpc('save_draft', q(`{"workflow_id": "$WORKFLOW_ID", "expected_revision": 2, "definition": ${DEFINITION_V4}}`)),
		status: 409
	},
	{
		id: 'rpc-publish',
		target: 'rpc:publish_draft',
		title: 'Publish the draft as v4 (publishers and owners)',
		command: rpc('publish_draft', q('{"workflow_id": "$WORKFLOW_ID", "expected_revision": 3, "note": "Warehouse API v3"}')),
		status: 200
	},
	{
		id: 'rpc-revert-draft',
		target: 'rpc:revert_draft',
		title: 'Load v2 into the draft (creates the draft: the publish consumed it)',
		command: rpc('revert_draft', q('{"workflow_id": "$WORKFLOW_ID", "version_id": "$V2_ID"}')),
		status: 200
	},
	{
		id: 'rpc-discard-draft',
		target: 'rpc:discard_draft',
		title: 'Discard the draft (void: 204, no body)',
		command: rpc('discard_draft', q('{"workflow_id": "$WORKFLOW_ID", "expected_revision": 1}')),
		status: 204
	},
	{
		id: 'rpc-rollback',
		target: 'rpc:rollback_workflow',
		title: 'Roll back to v3: publishes a copy of v3 as v5 and makes it live',
		command: rpc('rollback_workflow', q('{"workflow_id": "$WORKFLOW_ID", "version_id": "$V3_ID", "note": "Back to v3"}')),
		status: 200
	},
	{
		id: 'api-health',
		target: 'api:GET /api/health',
		title: 'Is the database reachable? (no session needed)',
		command: String.raw`curl -sS "$APP_URL/api/health"`,
		status: 200
	},
	{
		id: 'api-create-draft',
		target: 'api:POST /api/workflows/[id]/versions',
		title: 'Create the draft from the live version; `ETag` carries its revision',
		command: api('POST', '/api/workflows/$WORKFLOW_ID/versions', '{}', ['-i']),
		status: 201
	},
	{
		id: 'api-save-draft',
		target: 'api:PUT /api/workflows/[id]/draft',
		title: 'Save the draft at revision 1, named by `If-Match`',
		command: api('PUT', '/api/workflows/$WORKFLOW_ID/draft', `{"definition": ${DEFINITION_V6}}`, [`-H 'If-Match: "1"'`, '-i']),
		status: 200
	},
	{
		id: 'api-list-versions',
		target: 'api:GET /api/workflows/[id]/versions',
		title: 'History, two published versions a page; `Link: <…>; rel="next"` points at the next page',
		command: api('GET', '/api/workflows/$WORKFLOW_ID/versions?page_size=2', undefined, ['-i']),
		status: 200
	},
	{
		id: 'api-get-version',
		target: 'api:GET /api/versions/[id]',
		title: 'One version with its definition',
		command: api('GET', '/api/versions/$V1_ID'),
		status: 200
	},
	{
		id: 'api-diff',
		target: 'api:GET /api/workflows/[id]/diff',
		title: 'Diff of two versions of the workflow',
		command: api('GET', '/api/workflows/$WORKFLOW_ID/diff?from=$V1_ID&to=$V2_ID'),
		status: 200
	},
	{
		id: 'api-publish',
		target: 'api:POST /api/workflows/[id]/versions/publish',
		title: 'Publish the draft (revision 2) as v6',
		command: api('POST', '/api/workflows/$WORKFLOW_ID/versions/publish', '{"expected_revision": 2, "note": "Warehouse API v4"}'),
		status: 201
	},
	{
		id: 'api-publish-nothing',
		target: 'api:POST /api/workflows/[id]/versions/publish',
		title: 'Publishing again: no draft left, 409 with the RPC\'s error body',
		command: api('POST', '/api/workflows/$WORKFLOW_ID/versions/publish', '{}'),
		status: 409
	},
	{
		id: 'api-revert',
		target: 'api:POST /api/workflows/[id]/versions/revert',
		title: 'Load v1 into the draft',
		command: String.raw`curl -sS -X POST "$APP_URL/api/workflows/$WORKFLOW_ID/versions/revert" \
  -H "Authorization: Bearer $ACCESS_TOKEN" \
  -H "Content-Type: application/json" \
  -d "{\"version_id\": \"$V1_ID\"}"`,
		status: 200
	},
	{
		id: 'api-discard',
		target: 'api:DELETE /api/workflows/[id]/draft',
		title: 'Discard the draft, if it is still at revision 1',
		command: api('DELETE', '/api/workflows/$WORKFLOW_ID/draft?expected_revision=1'),
		status: 204
	},
	{
		id: 'api-rollback',
		target: 'api:POST /api/workflows/[id]/rollback',
		title: 'Roll back to v2 (published again as v7, live)',
		command: String.raw`curl -sS -X POST "$APP_URL/api/workflows/$WORKFLOW_ID/rollback" \
  -H "Authorization: Bearer $ACCESS_TOKEN" \
  -H "Content-Type: application/json" \
  -d "{\"version_id\": \"$V2_ID\", \"note\": \"Back to v2\"}"`,
		status: 201
	},
	{
		id: 'api-unauthenticated',
		target: 'api:GET /api/workflows/[id]/versions',
		title: 'Without a session: 401, code 42501',
		command: String.raw`curl -sS "$APP_URL/api/workflows/$WORKFLOW_ID/versions"`,
		status: 401
	},
	{
		id: 'api-metrics',
		target: 'api:GET /api/metrics',
		title: 'Prometheus metrics',
		command: String.raw`curl -sS "$APP_URL/api/metrics"`,
		status: 200
	},
	{
		id: 'rpc-create-environment',
		target: 'rpc:create_environment',
		title: 'Add a `dev` environment that editors may deploy to (owners only)',
		command: rpc('create_environment', q('{"project_id": "$PROJECT_ID", "name": "dev", "deploy_role": "editor"}')),
		status: 200
	},
	{
		id: 'rpc-deploy-version',
		target: 'rpc:deploy_version',
		title: 'Deploy v1 to dev (any published version; no new number)',
		command: rpc('deploy_version', q('{"workflow_id": "$WORKFLOW_ID", "version_id": "$V1_ID", "environment": "dev", "note": "Try the old flow"}')),
		status: 200
	},
	{
		id: 'rpc-deploy-version-again',
		target: 'rpc:deploy_version',
		title: 'Deploying the version an environment already runs: 409, code PT409',
		command: rpc('deploy_version', q('{"workflow_id": "$WORKFLOW_ID", "version_id": "$V1_ID", "environment": "dev"}')),
		status: 409
	},
	{
		id: 'rpc-list-deployments',
		target: 'rpc:list_workflow_deployments',
		title: 'What each environment runs (GET, read-only)',
		command: String.raw`curl -sS "$SUPABASE_URL/rest/v1/rpc/list_workflow_deployments?workflow_id=$WORKFLOW_ID" \
  ` + REST,
		status: 200
	},
	{
		id: 'rpc-resolve-workflow',
		target: 'rpc:resolve_workflow',
		title: 'The orchestrator asks what staging runs now: version, definition and hash in one call (service_role key)',
		command: String.raw`curl -sS "$SUPABASE_URL/rest/v1/rpc/resolve_workflow?workflow_id=$WORKFLOW_ID&environment=staging" \
  -H "apikey: $SERVICE_ROLE_KEY" \
  -H "Authorization: Bearer $SERVICE_ROLE_KEY"`,
		status: 200
	},
	{
		id: 'rpc-start-run',
		target: 'rpc:start_run',
		title: 'The orchestrator starts a production run: it is pinned to the version production runs now',
		command: serviceRpc('start_run', q('{"workflow_id": "$WORKFLOW_ID"}')),
		status: 200
	},
	{
		id: 'rpc-list-runs',
		target: 'rpc:list_workflow_runs',
		title: 'Recent runs, newest first, with the version each ran (next page: `before` = the last run id)',
		command: String.raw`curl -sS "$SUPABASE_URL/rest/v1/rpc/list_workflow_runs?workflow_id=$WORKFLOW_ID&page_size=5" \
  ` + REST,
		status: 200
	},
	{
		id: 'api-deploy',
		target: 'api:POST /api/workflows/[id]/deployments',
		title: 'Promote v3 from staging to production through the app (no new number; 409 if production already runs it)',
		command: String.raw`curl -sS -X POST "$APP_URL/api/workflows/$WORKFLOW_ID/deployments" \
  -H "Authorization: Bearer $ACCESS_TOKEN" \
  -H "Content-Type: application/json" \
  -d "{\"version_id\": \"$V3_ID\", \"environment\": \"production\", \"note\": \"Tested in staging\"}"`,
		status: 200
	},
	{
		id: 'api-list-deployments',
		target: 'api:GET /api/workflows/[id]/deployments',
		title: 'What each environment runs',
		command: api('GET', '/api/workflows/$WORKFLOW_ID/deployments'),
		status: 200
	},
	{
		id: 'api-resolve',
		target: 'api:GET /api/workflows/[id]/resolve',
		title: 'The orchestrator asks the app what production runs now, with the service_role key',
		command: String.raw`curl -sS "$APP_URL/api/workflows/$WORKFLOW_ID/resolve?environment=production" \
  -H "Authorization: Bearer $SERVICE_ROLE_KEY"`,
		status: 200
	},
	{
		id: 'api-start-run',
		target: 'api:POST /api/workflows/[id]/runs',
		title: 'Start a staging run, pinned to the version staging runs now',
		command: api('POST', '/api/workflows/$WORKFLOW_ID/runs', '{"environment": "staging"}'),
		status: 201,
		sets: { RUN_ID: 'run_id' }
	},
	{
		id: 'api-list-runs',
		target: 'api:GET /api/workflows/[id]/runs',
		title: 'Recent runs, two a page; `Link: <…&before=<run id>>; rel="next"` points at the next page',
		command: api('GET', '/api/workflows/$WORKFLOW_ID/runs?page_size=2', undefined, ['-i']),
		status: 200
	},
	...appRoutesExamples(),
	{
		id: 'rpc-archive',
		target: 'rpc:archive_workflow',
		title: 'Archive a workflow (its history stays readable; drafts and publishes are refused)',
		command: rpc('archive_workflow', q('{"workflow_id": "$OTHER_WORKFLOW_ID"}')),
		status: 200
	}
];
