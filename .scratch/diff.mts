import pg from 'pg';
import { createThrowawayDatabase, dropDatabase } from '/work/wt/apphard/scripts/lib/postgres.ts';
import { validDefinition, jsonbTextLength } from '/work/wt/apphard/tests/integration/_support/definitions.ts';
const url = await createThrowawayDatabase('wv_diffprobe', { seed: false });
const c = new pg.Client({ connectionString: url }); await c.connect();
for (const n of [500, 1000, 2000, 3000]) {
  const a = validDefinition(n, 'a'), b = validDefinition(n, 'b');
  const t = Date.now();
  await c.query('select private.diff_definitions($1::jsonb, $2::jsonb)', [JSON.stringify(a), JSON.stringify(b)]);
  console.log(n, jsonbTextLength(a), Date.now() - t, 'ms');
}
const a = validDefinition(3000, 'a'), b = validDefinition(3000, 'b');
const r = await c.query('explain analyze select private.diff_definitions($1::jsonb, $2::jsonb)', [JSON.stringify(a), JSON.stringify(b)]);
console.log(r.rows.map((x: any) => x['QUERY PLAN']).join('\n').slice(0, 3000));
await c.end(); await dropDatabase(url);
