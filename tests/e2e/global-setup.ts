// One throwaway seeded database, the stand-in on a free port, and the built app (rebuilt when stale)
// pointing at it. Returns the teardown, which stops both and drops the database.
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { createThrowawayDatabase, dropDatabase } from '../../scripts/lib/postgres';
import { ROOT } from '../../scripts/lib/postgres';
import { buildIfStale, serveApp, startApi } from '../../scripts/start';
import { freePort } from '../../scripts/lib/ports';


export default async function globalSetup(_config: FullConfig) {
	buildIfStale();
	// Serve a private copy: others working in this tree may rebuild build/ while the suite runs.
	const buildDir = join(ROOT, '.local', `e2e-build-${process.pid}`);
	cpSync(join(ROOT, 'build'), buildDir, { recursive: true });
	const databaseUrl = await createThrowawayDatabase('wv_e2e', { seed: true });
	let api: Awaited<ReturnType<typeof startApi>> | null = null;
	let app: Awaited<ReturnType<typeof serveApp>> | null = null;
	const teardown = async () => {
		await app?.close().catch(() => {});
		await api?.stop().catch(() => {});
		await dropDatabase(databaseUrl).catch((e) => console.error(`could not drop ${databaseUrl}: ${e}`));
		rmSync(buildDir, { recursive: true, force: true });
	};
	// The app's one-line-per-operation log is for operators; keep it out of the test report unless asked.
	process.env.API_LOG ??= process.env.E2E_APP_LOG === '1' ? 'on' : 'off';
	try {
		api = await startApi(databaseUrl, await freePort(), { log: process.env.E2E_API_LOG === '1' });
		app = await serveApp({ port: await freePort(), supabaseUrl: api.url, localMode: true, buildDir });
	} catch (e) {
		await teardown();
		throw e;
	}
	process.env.E2E_BASE_URL = app.url;
	process.env.E2E_API_URL = api.url;
	process.env.E2E_DATABASE_URL = databaseUrl;
	return teardown;
}
