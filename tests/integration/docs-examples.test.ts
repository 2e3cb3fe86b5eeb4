// Executes the examples of docs/api.md exactly as written:
//   - every curl command of docs/examples/curl.ts, in order, through bash against the local stand-in and the
//     built app on a freshly seeded database (the shell variables set as docs/api.md describes them; the
//     ACCESS_TOKEN comes from running the sign-in example), asserting the documented HTTP status;
//   - every supabase-js snippet of docs/examples/supabase-js.ts (runAll), on a second fresh database.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curlExamples } from '../../docs/examples/curl';
import { examples, runAll, signIn as exampleSignIn, type ExampleIds } from '../../docs/examples/supabase-js';
import { signIn, startStack, type Stack } from './contract/stack';
import { SERVICE_ROLE_KEY } from '../../stand-in/src/keys';

let curlStack: Stack;
let jsStack: Stack;

/** Seed ids, found the way docs/api.md tells readers to find them. */
async function seedIds(stack: Stack): Promise<ExampleIds & { draftId: string }> {
	const { supabase } = await signIn(stack.supabaseUrl, stack.anonKey, 'owner@example.com');
	const project = await supabase.from('projects').select('id').eq('name', 'Acme automations').single();
	const workflows = await supabase.from('workflows').select('id, name').in('name', ['Order intake', 'Nightly sync']);
	const byName = new Map(workflows.data!.map((w) => [w.name, w.id]));
	const versions = await supabase.rpc('list_workflow_versions', { workflow_id: byName.get('Order intake')! });
	const n = (k: number | null) => versions.data!.find((v) => v.version_number === k)!.id!;
	return {
		projectId: project.data!.id,
		workflowId: byName.get('Order intake')!,
		otherWorkflowId: byName.get('Nightly sync')!,
		draftId: n(null),
		v1Id: n(1),
		v2Id: n(2),
		v3Id: n(3)
	};
}

/** Runs one documented command verbatim; a `curl` shell function adds `-w` to report the status. */
function runCurl(command: string, env: Record<string, string>): Promise<{ status: number; output: string }> {
	const script = `curl() { command curl -w '\\n__STATUS__%{http_code}' "$@"; }\n${command}\n`;
	return new Promise((resolve, reject) => {
		execFile('bash', ['-c', script], { env: { ...process.env, ...env }, maxBuffer: 10 * 1024 * 1024 }, (err, stdout, stderr) => {
			if (err) return reject(new Error(`${err.message}\n${stderr}`));
			const m = /\n?__STATUS__(\d{3})\s*$/.exec(stdout);
			if (!m) return reject(new Error(`no status in output:\n${stdout}\n${stderr}`));
			resolve({ status: Number(m[1]), output: stdout.slice(0, m.index) });
		});
	});
}

beforeAll(async () => {
	curlStack = await startStack({ app: true, prefix: 'wv_docs_curl' });
	jsStack = await startStack({ app: false, prefix: 'wv_docs_js' });
}, 600_000);

afterAll(async () => {
	await curlStack?.stop();
	await jsStack?.stop();
});

describe('docs/api.md curl examples', () => {
	it('run in order and get the documented status', async () => {
		const ids = await seedIds(curlStack);
		const env: Record<string, string> = {
			SUPABASE_URL: curlStack.supabaseUrl,
			ANON_KEY: curlStack.anonKey,
			APP_URL: curlStack.appUrl!,
			PROJECT_ID: ids.projectId,
			WORKFLOW_ID: ids.workflowId,
			DRAFT_ID: ids.draftId,
			V1_ID: ids.v1Id,
			V2_ID: ids.v2Id,
			V3_ID: ids.v3Id,
			OTHER_WORKFLOW_ID: ids.otherWorkflowId,
			SERVICE_ROLE_KEY
		};
		const [signInExample, ...rest] = curlExamples;
		expect(signInExample.target).toBe('auth');
		const signedIn = await runCurl(signInExample.command, env);
		expect(signedIn.status).toBe(signInExample.status);
		env.ACCESS_TOKEN = (JSON.parse(signedIn.output) as { access_token: string }).access_token;
		expect(env.ACCESS_TOKEN.split('.')).toHaveLength(3);

		const results: Array<{ id: string; status: number; expected: number }> = [];
		for (const example of rest) {
			const { status, output } = await runCurl(example.command, env);
			results.push({ id: example.id, status, expected: example.status });
			if (status !== example.status) {
				throw new Error(`example ${example.id}: got ${status}, documented ${example.status}\n${example.command}\n${output}`);
			}
			// Ids and tokens later examples use (RUN_ID, REQUEST_ID, PUBLISHER_TOKEN…), from this answer's JSON.
			for (const [name, field] of Object.entries(example.sets ?? {})) {
				const value = (JSON.parse(output) as Record<string, unknown>)[field];
				if (typeof value !== 'string' || !value) throw new Error(`example ${example.id}: no ${field} in the answer for ${name}\n${output}`);
				env[name] = value;
			}
		}
		expect(results.every((r) => r.status === r.expected)).toBe(true);
		expect(results).toHaveLength(curlExamples.length - 1);
	});
});

describe('docs/api.md supabase-js examples', () => {
	it('run in order without errors', async () => {
		const ids = await seedIds(jsStack);
		const supabase = await exampleSignIn(jsStack.supabaseUrl, jsStack.anonKey);
		const results = (await runAll(supabase, ids)) as Record<string, Record<string, unknown>>;
		expect(Object.keys(results)).toEqual(examples.map(([name]) => name));
		expect(results.table_read.count).toBe(2);
		expect(results.validate_workflow_definition).toMatchObject({ valid: false });
		expect(results.publish_draft).toMatchObject({ state: 'published', version_number: 4 });
		expect(results.revert_draft).toMatchObject({ state: 'draft', source_version_id: ids.v2Id });
		expect(results.create_draft).toMatchObject({ state: 'draft', base_version_id: ids.v1Id });
		expect(results.rollback_workflow).toMatchObject({ version_number: 5, source_version_id: ids.v3Id });
		expect(results.create_environment).toMatchObject({ name: 'dev', deploy_role: 'editor' });
		expect(results.deploy_version).toMatchObject({ environment: 'production', version_id: ids.v3Id });
		expect(results.resolve_workflow).toMatchObject({ environment: 'staging', version_number: 3 });
		expect(results.start_run).toMatchObject({ version_id: ids.v3Id, version_number: 3 });
		expect(results.finish_run).toMatchObject({ status: 'failed', version_id: ids.v3Id });
		expect(results.replay_run).toMatchObject({ version_id: ids.v3Id });
		expect(results.archive_workflow.archived_at).not.toBeNull();
	});
});
