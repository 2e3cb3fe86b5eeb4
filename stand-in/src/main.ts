// CLI: `npx tsx stand-in/src/main.ts` — serves the stand-in for DATABASE_URL on PORT (default 54321) in the
// foreground; SIGINT/SIGTERM drain in-flight requests and exit.
import { startStandIn } from './server.ts';
import { DEFAULT_PORT } from './keys.ts';

const databaseUrl = process.env.DATABASE_URL || 'postgresql://postgres:postgres@127.0.0.1:5432/workflow_versions';
const port = process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT;
const host = process.env.HOST || '127.0.0.1';

const standIn = await startStandIn({ databaseUrl, port, host });
process.stderr.write(`stand-in listening on ${standIn.url} (database ${new URL(databaseUrl).pathname.slice(1)})\n`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		if (stopping) process.exit(1);
		stopping = true;
		standIn.close().then(
			() => process.exit(0),
			() => process.exit(1)
		);
	});
}
