import { describe, expect, it } from 'vitest';
import {
	byEnvironment,
	defaultEnvironment,
	deployBlock,
	deploymentsLabel,
	environmentNameProblem,
	ENVIRONMENT_NAME,
	isDeployRole,
	runCount,
	runDuration,
	type DeploymentRow
} from './environments';

function row(environment: string, version: number | null, deploy_role: DeploymentRow['deploy_role'] = 'publisher'): DeploymentRow {
	return {
		environment,
		deploy_role,
		version_id: version ? `id-${version}` : null,
		version_number: version,
		deployed_by: null,
		deployed_at: null
	};
}

describe('environment names', () => {
	it('accepts what the database accepts', () => {
		for (const name of ['staging', 'dev', 'eu-test-2', 'a', 'x'.repeat(32)]) {
			expect(environmentNameProblem(name), name).toBeNull();
			expect(ENVIRONMENT_NAME.test(name)).toBe(true);
		}
	});

	it.each([
		['', 'Enter a name'],
		['Staging', 'Start with a lower-case letter'],
		['1st', 'Start with a lower-case letter'],
		['-dev', 'Start with a lower-case letter'],
		['eu_test', 'only lower-case letters, digits and hyphens'],
		['dev env', 'only lower-case letters, digits and hyphens'],
		['x'.repeat(33), 'at most 32 characters (this one has 33)']
	])('refuses %j with a reason', (name, reason) => {
		expect(environmentNameProblem(name)).toContain(reason);
		expect(ENVIRONMENT_NAME.test(name)).toBe(false);
	});

	it('deploy roles are editor, publisher, owner', () => {
		expect(['editor', 'publisher', 'owner'].every(isDeployRole)).toBe(true);
		expect(isDeployRole('viewer')).toBe(false);
		expect(isDeployRole('admin')).toBe(false);
	});
});

describe('who may deploy', () => {
	it('needs at least the deploy role, said in two words', () => {
		expect(deployBlock('publisher', 'publisher')).toBeNull();
		expect(deployBlock('owner', 'publisher')).toBeNull();
		expect(deployBlock('editor', 'publisher')).toBe('needs publisher');
		expect(deployBlock('publisher', 'owner')).toBe('needs owner');
		expect(deployBlock(null, 'editor')).toBe('needs editor');
	});

	it('the default environment is the first usable one, production first, skipping where the version runs', () => {
		const rows = [row('staging', 3), row('production', 2), row('vault', null, 'owner')];
		expect(byEnvironment(rows).map((r) => r.environment)).toEqual(['production', 'staging', 'vault']);
		expect(defaultEnvironment(rows, 'publisher')).toBe('production');
		expect(defaultEnvironment(rows, 'publisher', 'id-2')).toBe('staging');
		expect(defaultEnvironment(rows, 'owner', 'id-2')).toBe('staging');
		expect(defaultEnvironment([row('production', 2)], 'publisher', 'id-2')).toBe('production');
		expect(defaultEnvironment(rows, 'editor')).toBeNull();
	});
});

describe('labels', () => {
	it('deployments read "production v2 · staging v3"', () => {
		expect(deploymentsLabel([row('staging', 3), row('production', 2), row('dev', null)])).toBe(
			'production v2 · dev — · staging v3'
		);
	});

	it('run durations and counts', () => {
		const t = '2026-01-01T10:00:00Z';
		expect(runDuration(t, null)).toBeNull();
		expect(runDuration(t, '2026-01-01T10:00:04.4Z')).toBe('4 s');
		expect(runDuration(t, '2026-01-01T10:02:05Z')).toBe('2 min 5 s');
		expect(runDuration(t, '2026-01-01T10:03:00Z')).toBe('3 min');
		expect(runDuration(t, '2026-01-01T13:10:00Z')).toBe('3 h 10 min');
		expect(runDuration(t, '2026-01-01T09:00:00Z')).toBeNull();
		expect(runCount(0)).toBe('0 runs');
		expect(runCount(1)).toBe('1 run');
		expect(runCount(null)).toBe('0 runs');
	});
});
