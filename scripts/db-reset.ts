// npm run db:reset — recreate the database named by DATABASE_URL from nothing: compat bootstrap, migrations, seed.
import { databaseName, databaseUrl, resetDatabase } from './lib/postgres.ts';

const url = databaseUrl();
await resetDatabase(url, { seed: process.argv.includes('--no-seed') ? false : true });
console.log(`database ${databaseName(url)} reset: bootstrap, migrations and seed applied (${new URL(url).host})`);
