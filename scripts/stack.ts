// npm run stack — database + local Supabase stand-in on :54321, in the foreground (Ctrl-C stops it).
// The database named by DATABASE_URL is built from nothing (bootstrap, migrations, seed) when it is missing or
// has no schema yet; an existing one is used as is.
import pg from 'pg';
import { databaseExists, databaseName, databaseUrl, ensureServer, resetDatabase } from './lib/postgres.ts';
import { ANON_KEY, DEFAULT_PORT, PUBLISHABLE_KEY, SECRET_KEY, SERVICE_ROLE_KEY } from '../stand-in/src/keys.ts';
import { startStandIn } from '../stand-in/src/server.ts';

const DEMO_LOGINS = ['owner', 'publisher', 'editor', 'viewer', 'outsider'].map((u) => `${u}@example.com`);
const DEMO_PASSWORD = 'demo-password';

async function hasSchema(url: string): Promise<boolean> {
	if (!(await databaseExists(url))) return false;
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		const r = await client.query("select to_regclass('public.workflows') is not null as ok");
		return r.rows[0].ok === true;
	} finally {
		await client.end();
	}
}

const url = databaseUrl();
await ensureServer(url);
if (!(await hasSchema(url))) {
	process.stderr.write(`[stack] building database ${databaseName(url)} (bootstrap, migrations, seed) …\n`);
	await resetDatabase(url, { seed: true });
}

const port = process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT;
const standIn = await startStandIn({ databaseUrl: url, port });

console.log(`
Local Supabase stand-in is running (database ${databaseName(url)}).

  API URL           ${standIn.url}
  REST              ${standIn.url}/rest/v1
  Auth              ${standIn.url}/auth/v1
  anon key          ${ANON_KEY}
  service_role key  ${SERVICE_ROLE_KEY}
  publishable key   ${PUBLISHABLE_KEY}
  secret key        ${SECRET_KEY}

Demo logins (password "${DEMO_PASSWORD}"):
${DEMO_LOGINS.map((l) => `  ${l}`).join('\n')}

Press Ctrl-C to stop.
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		if (stopping) process.exit(1);
		stopping = true;
		process.stderr.write('\n[stack] stopping: draining requests …\n');
		standIn.close().then(
			() => process.exit(0),
			(e) => {
				process.stderr.write(`[stack] ${(e as Error).message}\n`);
				process.exit(1);
			}
		);
	});
}
