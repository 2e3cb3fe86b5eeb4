// What docs/api.md derives from the catalog: the error table, the SQLSTATEs each function can raise,
// who may call it, and the JSON shapes of its arguments and result.
import type { Catalog, Fn } from './catalog.ts';

/** The contract's order (docs/architecture.md, "RPC contract"); any other public function follows alphabetically. */
export const RPC_ORDER = [
	'create_project',
	'create_workflow',
	'create_draft',
	'save_draft',
	'publish_draft',
	'revert_draft',
	'discard_draft',
	'rollback_workflow',
	'list_workflow_versions',
	'get_workflow_version',
	'diff_workflow_versions',
	'validate_workflow_definition',
	'archive_workflow',
	'create_environment',
	'deploy_version',
	'list_workflow_deployments',
	'resolve_workflow',
	'start_run',
	'finish_run',
	'replay_run',
	'list_workflow_runs',
	'set_project_settings',
	'request_review',
	'decide_review',
	'withdraw_review',
	'list_publish_requests',
	'invite_project_member',
	'list_my_invitations',
	'accept_invitation',
	'decline_invitation',
	'revoke_invitation',
	'list_project_members',
	'set_member_role',
	'remove_project_member'
];

/** SQLSTATE → HTTP → when. Every code an RPC can raise must have a row here (checked by render.ts). */
export const ERRORS: Array<{ code: string; http: string; when: string }> = [
	{ code: '42501', http: '401', when: 'Not signed in (no or anon token): the RPC is not granted to `anon`, or `private.require_user()` refuses' },
	{ code: '42501', http: '403', when: 'Signed in, but your role in the project is too low for the operation; or four eyes: you requested the review, or changed the draft, you are deciding; or the request is not yours to withdraw' },
	{ code: '42501', http: '403', when: 'The access token is valid but its session has ended (signed out or revoked), or the account is banned or deleted: every RPC and table read refuses it until you sign in again (`private.require_user()`)' },
	{ code: 'PT404', http: '404', when: 'Not found, or not visible to you (not a member of its project): the same answer, so ids of other tenants leak nothing' },
	{ code: 'PT409', http: '409', when: 'Stale `expected_revision`; draft already exists (create_draft with from_version_id); no draft; nothing to publish (draft identical to live); rollback to the live version; archived workflow; last owner; a review-required project without an approval of the draft\'s current revision; a publish request not open (decide) or closed (withdraw); an invitation not pending (accepted, declined, revoked, expired); already a member or already invited; update/delete of a published version or the audit log, truncate; environment name taken; version already deployed to that environment; run already finished; a run\'s version changed or current_version_id moved without the production deployment (direct SQL)' },
	{ code: 'PT413', http: '413', when: 'Definition larger than 1 MiB (1,048,576 bytes of JSON text)' },
	{ code: 'PT422', http: '422', when: 'Publish of an invalid definition; `details` is the JSON array of problems `[{code, message, node_id?, edge_id?}]`' },
	{ code: '22023', http: '400', when: 'Bad argument: missing/empty name, unknown role, page_size outside 1..200, definition not an object, versions of different workflows, not an e-mail address, a decision other than approve/reject, environment name not a lower-case slug, deploy_role viewer, finish_run status running' },
	{ code: '22P02', http: '400', when: 'An argument of the wrong type (e.g. not a uuid, not an integer); raised by PostgreSQL while reading the arguments' },
	{ code: 'PGRST202', http: '404', when: 'PostgREST found no function with that name and set of argument names (misspelt or missing required argument, or an extra one)' },
	{ code: 'PGRST102', http: '400', when: 'The body is not valid JSON (PostgREST and the /api routes)' },
	{ code: '22003', http: '400', when: 'The /api routes only: a number in the body that a 64-bit float cannot hold exactly (an integer beyond ±9007199254740991, more than ~17 significant digits, beyond ±1.8e308 or below 5e-324); nothing is written. Send it as a JSON string, or call the RPC through the Supabase API, which keeps numbers exactly' },
	{ code: 'PGRST301/PGRST303', http: '401', when: 'The JWT is malformed, badly signed or expired (PostgREST)' }
];
export const CODE_ORDER = ['42501', 'PT404', 'PT409', 'PT413', 'PT422', '22023'];

/** SQLSTATEs a function can raise: its own raise_error calls plus those of every function it calls.
 *  A function that updates a column with a value its caller sent (`set definition = save_draft.definition`:
 *  an argument, not a `v_` variable) also raises what the table's triggers on that column raise (read from
 *  the catalog: the versions table's `_015_check_definition` applies the size and depth limits there). */
export function raisedCodes(source: string, catalog: Catalog, seen = new Set<string>()): Set<string> {
	const codes = new Set<string>();
	for (const m of source.matchAll(/raise_error\(\s*'([0-9A-Z]{5})'/g)) codes.add(m[1]);
	for (const t of catalog.columnTriggers) {
		const update = new RegExp(`\\bupdate public\\.${t.table}\\b[^;]*?\\bset\\b[^;]*?\\b(${t.columns.join('|')}) = (?!v_)\\w+\\.\\1\\b`);
		if (update.test(source)) source += `\n${t.fn}(`;
	}
	for (const m of source.matchAll(/\b(private|public)\.(\w+)\s*\(/g)) {
		const key = `${m[1]}.${m[2]}`;
		if (seen.has(key) || !catalog.helperSources.has(key)) continue;
		seen.add(key);
		for (const c of raisedCodes(catalog.helperSources.get(key)!, catalog, seen)) codes.add(c);
	}
	return codes;
}

const ROLE_LADDER = ['viewer', 'editor', 'publisher', 'owner'];

/** Who may call: the project role the body asks private.require_*_role for, else what it checks. */
export function requiredRole(fn: Fn, catalog: Catalog): string {
	if (!fn.grants.includes('authenticated')) {
		return fn.grants.length ? `only ${fn.grants.map((g) => `\`${g}\``).join(', ')} (not exposed to users)` : 'nobody (no EXECUTE grant)';
	}
	// Answered by one person, whatever their role: the invitee of an invitation, the requester of a review.
	if (/private\.find_my_invitation\(/.test(fn.source)) return "the **invitee** (signed in with the invitation's e-mail, confirmed)";
	if (/requested_by is distinct from v_uid/.test(fn.source)) return 'the **requester** of the publish request (still a project member)';
	const m = /private\.require_(?:workflow|project|run)_(?:role|caller)\([^;]*?,\s*'(viewer|editor|publisher|owner)'/s.exec(fn.source);
	if (m) {
		const i = ROLE_LADDER.indexOf(m[1]);
		const roles = ROLE_LADDER.slice(i);
		// The runtime RPCs also admit the run orchestrator's key (private.require_*_caller).
		const orchestrator = /private\.require_(?:workflow|run)_caller\(/.test(fn.source) && fn.grants.includes('service_role');
		return (
			(roles.length === 1 ? `project **${roles[0]}**` : `project **${roles.join(', ')}**`) +
			(orchestrator ? ', and the `service_role` key (the run orchestrator)' : '')
		);
	}
	if (/member_role\(/.test(fn.source) || /public\.get_workflow_version\(/.test(fn.source)) {
		return 'project **viewer, editor, publisher, owner** (any member)';
	}
	if (/require_user\(/.test(fn.source) || raisedCodes(fn.source, catalog).has('42501')) return 'any signed-in user';
	return 'any signed-in user';
}

export function jsonType(pgType: string, catalog: Catalog): string {
	const t = pgType.replace(/^public\./, '');
	if (catalog.enums.has(t)) return catalog.enums.get(t)!.map((l) => `"${l}"`).join(' \\| ');
	const map: Record<string, string> = {
		uuid: 'string (uuid)',
		text: 'string',
		integer: 'integer',
		bigint: 'integer',
		boolean: 'boolean',
		jsonb: 'JSON',
		json: 'JSON',
		'timestamp with time zone': 'string (timestamptz, ISO 8601)'
	};
	return map[t] ?? t;
}

export function returnShape(fn: Fn, catalog: Catalog): string[] {
	if (fn.returnType === 'void') return ['Nothing: **204 No Content**, empty body.'];
	const columns =
		fn.outColumns.length > 0
			? fn.outColumns.map((c) => ({ name: c.name, type: c.type, notNull: false }))
			: fn.returnTypeKind === 'c'
				? (catalog.composites.get(fn.returnRelation) ?? [])
				: [];
	const lines: string[] = [];
	if (columns.length) {
		lines.push(
			fn.returnsSet
				? `A JSON **array** of objects (\`${fn.result}\`), 200:`
				: `One JSON **object** (\`${fn.result}\`), 200:`,
			'',
			'| field | type |',
			'|---|---|',
			...columns.map((c) => `| \`${c.name}\` | ${jsonType(c.type, catalog)}${c.notNull ? '' : ' \\| null'} |`)
		);
	} else {
		lines.push(`One JSON value (\`${fn.result}\`), 200.`);
	}
	return lines;
}
