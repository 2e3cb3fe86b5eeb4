// Environments, deployments and runs as the app shows them (docs/architecture.md, "Environments and
// runs"). The database decides who may deploy where; these helpers only explain it in the UI.
import { atLeast, isRole, type ProjectRole } from './roles';

/** A row of list_workflow_deployments: an environment and the version it runs (nulls when none). */
export interface DeploymentRow {
	environment: string;
	deploy_role: ProjectRole;
	version_id: string | null;
	version_number: number | null;
	deployed_by: string | null;
	deployed_at: string | null;
}

/** A row of list_workflow_runs. */
export interface RunRow {
	id: string;
	workflow_id: string;
	version_id: string;
	version_number: number;
	environment: string;
	status: RunStatus;
	replay_of: string | null;
	started_by: string | null;
	started_at: string;
	finished_at: string | null;
}

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';
export const FINAL_STATUSES: RunStatus[] = ['succeeded', 'failed', 'cancelled'];

/** An environment of a project (the project_environments table). */
export interface EnvironmentRow {
	project_id: string;
	name: string;
	deploy_role: ProjectRole;
	created_by: string | null;
	created_at: string;
}

/** The database's rule for environment names (constraint name_is_a_slug). */
export const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,31}$/;
/** The roles an environment may require for deploying to it (viewers never deploy). */
export const DEPLOY_ROLES: ProjectRole[] = ['editor', 'publisher', 'owner'];

/** Why a name cannot be an environment's, in words; null when it can. */
export function environmentNameProblem(name: string): string | null {
	if (name === '') return 'Enter a name, such as staging or dev.';
	if (name.length > 32) return `Use at most 32 characters (this one has ${name.length}).`;
	if (!/^[a-z]/.test(name)) return 'Start with a lower-case letter (a–z).';
	if (!ENVIRONMENT_NAME.test(name)) return 'Use only lower-case letters, digits and hyphens, e.g. staging or eu-test.';
	return null;
}

export function isDeployRole(role: string): role is ProjectRole {
	return isRole(role) && role !== 'viewer';
}

/** Null when `role` may deploy to an environment needing `deployRole`; else the short visible reason. */
export function deployBlock(role: string | null | undefined, deployRole: ProjectRole): string | null {
	return atLeast(role, deployRole) ? null : `needs ${deployRole}`;
}

/** Production first, then by name (list_workflow_deployments' order, kept for rows from elsewhere). */
export function byEnvironment<T extends { environment: string }>(rows: readonly T[]): T[] {
	return [...rows].sort((a, b) =>
		a.environment === b.environment
			? 0
			: a.environment === 'production'
				? -1
				: b.environment === 'production'
					? 1
					: a.environment.localeCompare(b.environment)
	);
}

/** "production v2 · staging v3" (environments running nothing say so). */
export function deploymentsLabel(rows: readonly DeploymentRow[]): string {
	return byEnvironment(rows)
		.map((d) => `${d.environment} ${d.version_number ? `v${d.version_number}` : '—'}`)
		.join(' · ');
}

/** The environment a publish or deploy dialog starts on: the first the role may use (production first). */
export function defaultEnvironment(
	rows: readonly DeploymentRow[],
	role: string | null | undefined,
	skipVersionId: string | null = null
): string | null {
	const usable = byEnvironment(rows).filter((d) => !deployBlock(role, d.deploy_role));
	return (usable.find((d) => d.version_id !== skipVersionId) ?? usable[0])?.environment ?? null;
}

/** "4 s", "2 min 5 s", "3 h 10 min"; null while running. */
export function runDuration(startedAt: string, finishedAt: string | null): string | null {
	if (!finishedAt) return null;
	const ms = new Date(finishedAt).getTime() - new Date(startedAt).getTime();
	if (!Number.isFinite(ms) || ms < 0) return null;
	const s = Math.round(ms / 1000);
	if (s < 60) return `${s} s`;
	const m = Math.floor(s / 60);
	if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
	const h = Math.floor(m / 60);
	return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/** A run's short name: the first 8 characters of its id. */
export function shortRun(id: string): string {
	return id.slice(0, 8);
}

/** "1 run", "12 runs". */
export function runCount(n: number | null | undefined): string {
	const k = n ?? 0;
	return `${k} run${k === 1 ? '' : 's'}`;
}
