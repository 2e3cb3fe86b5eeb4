#!/bin/bash
# The edit cycle against the same raw writes, side by side (pgbench, one client, the two transactions
# alternating at random, per-transaction latencies logged, p50 of each). Not part of `npm run bench`:
# a small reproducible probe for the database's write path.
#   A: begin; role + claims as PostgREST sets them; create_draft; save_draft (a 61-node graph of 10 KB,
#      changed every time); publish_draft; commit
#   B: begin; the same role + claims; insert a row copying the parent's current jsonb; update it with the
#      new jsonb; update it to published; update the parent (counter, current row); commit
# usage: scripts/measure-edit-cycle.sh [transactions per side, default 300] [rounds, default 3] [bytes, default 10240]
# Needs pgbench and the server at DATABASE_URL (a throwaway database is created and dropped; VACUUM ANALYZE
# runs before each round, since autovacuum may be off).
set -euo pipefail
N=${1:-300}; ROUNDS=${2:-3}; BYTES=${3:-10240}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
URL=${DATABASE_URL:-postgresql://postgres:postgres@127.0.0.1:5432/workflow_versions}
DB=wv_edit_cycle_$$
ADMIN_URL=${URL%/*}/postgres
DB_URL=${URL%/*}/$DB
WORK=$(mktemp -d)
trap 'psql -qX "$ADMIN_URL" -c "drop database if exists $DB" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

# A graph of 61 nodes padded to BYTES of jsonb text (settings.notes), as the issue measured it.
(cd "$ROOT" && npx tsx -e "
import { validDefinition, jsonbTextLength } from './tests/integration/_support/definitions.ts';
const d = validDefinition(61, 'm');
for (const n of d.nodes) if (n.id !== 'n1') n.data.config = {};
d.settings = { timezone: 'UTC', notes: 'x'.repeat(Math.max(0, $BYTES - jsonbTextLength({ ...d, settings: { timezone: 'UTC', notes: '' } }))) };
process.stdout.write(JSON.stringify(d));") > "$WORK/def.json"

psql -qX "$ADMIN_URL" -c "create database $DB" >/dev/null
psql -qX -v ON_ERROR_STOP=1 "$DB_URL" -c 'set client_min_messages = warning' -f "$ROOT/db/bootstrap/local-supabase-compat.sql" >/dev/null
for f in "$ROOT"/supabase/migrations/*.sql; do psql -qX -v ON_ERROR_STOP=1 "$DB_URL" -c 'set client_min_messages = warning' -f "$f" >/dev/null; done
UID_=11111111-1111-1111-1111-111111111111
CLAIMS="{\"sub\":\"$UID_\",\"role\":\"authenticated\",\"email\":\"pub@example.com\"}"
WF=$(psql -qXAt -v ON_ERROR_STOP=1 "$DB_URL" -v def="$(cat "$WORK/def.json")" -v claims="$CLAIMS" <<SQL | tail -1
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, confirmation_token,
  recovery_token, email_change_token_new, email_change, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
values ('00000000-0000-0000-0000-000000000000', '$UID_', 'authenticated', 'authenticated', 'pub@example.com', '', now(),
  '', '', '', '', '{}', '{}', now(), now());
select set_config('role', 'authenticated', false), set_config('request.jwt.claims', :'claims', false) \gset
select id as project from public.create_project('Measure') \gset
select id as wf from public.create_workflow(:'project', 'edit cycle', null, :'def'::jsonb) \gset
select public.publish_draft(:'wf', null, 'v1') is not null as published \gset
reset role;
create schema raw;
create table raw.parents (id uuid primary key, counter integer not null default 0, current_id uuid, updated_at timestamptz not null default now());
create table raw.versions (id uuid primary key default gen_random_uuid(), parent_id uuid not null references raw.parents (id),
  n integer, state text not null default 'draft', definition jsonb compression lz4 not null, revision integer not null default 1,
  created_at timestamptz not null default now(), updated_at timestamptz not null default now(), published_at timestamptz,
  unique (parent_id, n));
grant usage on schema raw to authenticated;
grant select, insert, update on all tables in schema raw to authenticated;
insert into raw.parents (id, counter) values ('22222222-2222-2222-2222-222222222222', 1);
insert into raw.versions (id, parent_id, n, state, definition)
values ('33333333-3333-3333-3333-333333333333', '22222222-2222-2222-2222-222222222222', 1, 'published', :'def'::jsonb);
update raw.parents set current_id = '33333333-3333-3333-3333-333333333333';
select :'wf';
SQL
)
cat > "$WORK/a.sql" <<'SQL'
\set r random(1, 1000000000)
begin;
select set_config('role', 'authenticated', true), set_config('request.jwt.claims', :claims, true);
select revision from public.create_draft(:wf) \gset
select revision from public.save_draft(:wf, jsonb_set(:def::jsonb, '{settings,seq}', to_jsonb(:r::int)), :revision) \gset
select id from public.publish_draft(:wf, :revision, null);
commit;
SQL
cat > "$WORK/b.sql" <<'SQL'
\set r random(1, 1000000000)
begin;
select set_config('role', 'authenticated', true), set_config('request.jwt.claims', :claims, true);
insert into raw.versions (parent_id, definition) select p.id, v.definition from raw.parents p join raw.versions v on v.id = p.current_id where p.id = :parent returning id \gset
update raw.versions set definition = jsonb_set(:def::jsonb, '{settings,seq}', to_jsonb(:r::int)), revision = revision + 1, updated_at = now() where id = :id;
update raw.versions set state = 'published', n = (select counter + 1 from raw.parents where id = :parent), published_at = now() where id = :id;
update raw.parents set counter = counter + 1, current_id = :id, updated_at = now() where id = :parent;
commit;
SQL
cd "$WORK"
for round in $(seq 1 "$ROUNDS"); do
  psql -qX "$DB_URL" -c 'vacuum analyze' >/dev/null
  rm -f pgbench_log.*
  pgbench -n -M prepared -c 1 -t $((2 * N)) -l -D wf="$WF" -D parent=22222222-2222-2222-2222-222222222222 \
    -D claims="$CLAIMS" -D def="$(cat def.json)" -f a.sql@1 -f b.sql@1 "$DB_URL" > out.txt 2>&1 || { cat out.txt; exit 1; }
  cat pgbench_log.* | awk '{print $4, $3}' | sort -k1,1n -k2,2n | awk -v round="$round" -v bytes="$BYTES" '
    { v[$1][++c[$1]] = $2 }
    END { a = v[0][int((c[0] + 1) / 2)]; b = v[1][int((c[1] + 1) / 2)];
          printf "round %s (%s bytes): edit cycle p50 %.2f ms (n=%d), raw writes p50 %.2f ms (n=%d), ratio %.2f\n", round, bytes, a / 1000, c[0], b / 1000, c[1], a / b }'
done
