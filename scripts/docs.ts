// npm run docs        → regenerate docs/api.md
// npm run docs:check  → fail when docs/api.md is stale ("docs/api.md is stale: run npm run docs")
//
// docs/api.md is built from:
//   - the database catalog of a FRESH throwaway database (docs/catalog.ts): every public RPC's signature,
//     JSON arguments (types, defaults), return shape, `comment on function`, who may execute it (grants +
//     the project role its body asks private.require_*_role for) and the SQLSTATEs it can raise (found in its
//     body and the private helpers it calls: docs/facts.ts); the tables clients may read;
//   - the /api route files (src/routes/api/**/+server.ts): methods, RPCs called, success status;
//   - the metrics declared in src/lib/server/api/metrics.ts;
//   - hand-written examples: docs/examples/curl.ts (curl) and docs/examples/supabase-js.ts (regions), both
//     executed by tests/integration/docs-examples.test.ts (docs/sources.ts).
// docs/render.ts writes the markdown; it refuses SQLSTATEs without a row in the error table and examples
// whose target does not exist.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, createThrowawayDatabase, dropDatabase } from './lib/postgres.ts';
import { readCatalog } from './docs/catalog.ts';
import { render } from './docs/render.ts';

const OUT = join(ROOT, 'docs', 'api.md');

export async function generateDocs(): Promise<string> {
	const url = await createThrowawayDatabase('wv_docs', { seed: false });
	try {
		return render(await readCatalog(url));
	} finally {
		await dropDatabase(url);
	}
}

async function main() {
	const text = await generateDocs();
	if (process.argv.includes('--check')) {
		const current = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
		if (current !== text) {
			console.error('docs/api.md is stale: run npm run docs');
			process.exitCode = 1;
			return;
		}
		console.log('docs: up to date');
		return;
	}
	writeFileSync(OUT, text);
	console.log('docs: wrote docs/api.md');
}

main().catch((e) => {
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
});
