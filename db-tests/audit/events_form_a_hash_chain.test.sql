-- The audit trail is a hash chain per workflow (and per project for the project's own events, whose
-- workflow_id is null), computed by the database for every writer: each event carries its number in
-- the chain (`id`: 1, 2, 3… gap-free), the hash of the chain's previous event (`previous_hash`, null
-- for the first) and the sha256 of its own content including that link (`hash`). Nothing a writer
-- supplies for these columns is kept. Numbers are per chain, so no tenant can read another tenant's
-- write rate from them.
begin;
select plan(23);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.setup_workflow('acme', 'Other') as other \gset
select tests.setup_workflow('globex', 'Theirs', 1) as theirs \gset

-- TEST: the columns
select col_type_is('public', 'workflow_version_events', 'id', 'bigint', 'id is a bigint (the number in the chain)');
select col_not_null('public', 'workflow_version_events', 'hash', 'every event has a hash');
select col_type_is('public', 'workflow_version_events', 'previous_hash', 'text', 'previous_hash is text (hex)');
select is((select count(*) from pg_sequences where sequencename like 'workflow_version_events%'), 0::bigint,
  'no sequence is shared by all tenants');

-- TEST: each workflow's events are numbered 1..n and linked, hash = sha256 of the content
select is(array(select id from public.workflow_version_events where workflow_id = :'wf' order by id),
  array(select generate_series(1, (select count(*) from public.workflow_version_events where workflow_id = :'wf'))::bigint),
  'the workflow''s events are numbered 1..n');
select is(array(select id from public.workflow_version_events where workflow_id = :'other' order by id), array[1::bigint],
  'another workflow starts its own chain at 1');
select is(array(select id from public.workflow_version_events where workflow_id = :'theirs' order by id),
  array(select generate_series(1, (select count(*) from public.workflow_version_events where workflow_id = :'theirs'))::bigint),
  'another tenant''s workflow too');
select is_empty(format($$
  select e.id from (
    select e.*, lag(e.hash) over (order by e.id) as prior from public.workflow_version_events e where e.workflow_id = %L) e
  where e.previous_hash is distinct from e.prior$$, :'wf'),
  'each event links to the previous event''s hash (the first to none)');
select is_empty(format($$select id from public.workflow_version_events e where e.workflow_id = %L and e.hash <> private.event_hash(e)$$, :'wf'),
  'each hash is the hash of the event''s content');
select ok((select bool_and(hash ~ '^[0-9a-f]{64}$') from public.workflow_version_events), 'hashes are sha256 hex');
select is((select count(distinct hash) from public.workflow_version_events), (select count(*) from public.workflow_version_events),
  'no two events share a hash');

-- TEST: the project's own events (workflow_id null) chain per project
select is(array(select id from public.workflow_version_events where project_id = :'project' and workflow_id is null order by id),
  array(select generate_series(1, (select count(*) from public.workflow_version_events where project_id = :'project' and workflow_id is null))::bigint),
  'the project''s own events are numbered 1..n');
select is((select min(id) from public.workflow_version_events where project_id = :'globex' and workflow_id is null), 1::bigint,
  'another project''s own chain starts at 1');

-- TEST: another tenant's activity does not move my numbers
select max(id) as last_id from public.workflow_version_events where workflow_id = :'wf' \gset
select tests.authenticate_as('globex_editor');
select public.create_draft(workflow_id => :'theirs');
select public.save_draft(workflow_id => :'theirs', definition => tests.valid_definition(4), expected_revision => 1);
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');
select tests.clear_authentication();
select is((select max(id) from public.workflow_version_events where workflow_id = :'wf'), :'last_id'::bigint + 1,
  'my next event is my previous number + 1, whatever other tenants did meanwhile');

-- TEST: a direct writer cannot choose the number, the link or the hash
insert into public.workflow_version_events (id, project_id, workflow_id, action, previous_hash, hash)
values (999, :'project', :'wf', 'archived', repeat('0', 64), repeat('f', 64));
select is((select id from public.workflow_version_events where workflow_id = :'wf' and action = 'archived'), :'last_id'::bigint + 2,
  'the supplied id is replaced by the next number');
select is_empty(format($$select id from public.workflow_version_events e where e.workflow_id = %L and e.hash <> private.event_hash(e)$$, :'wf'),
  'the supplied hash is replaced by the computed one');
select is((select previous_hash from public.workflow_version_events where workflow_id = :'wf' and action = 'archived'),
  (select hash from public.workflow_version_events where workflow_id = :'wf' and id = :'last_id'::bigint + 1),
  'the supplied link is replaced by the real previous hash');

-- TEST: with triggers off for replication (session_replication_role = replica) the chain is still computed
set local session_replication_role = replica;
insert into public.workflow_version_events (project_id, workflow_id, action) values (:'project', :'other', 'archived');
insert into public.workflow_version_events (project_id, action, details) values (:'project', 'settings_changed', '{"by": "operator"}');
set local session_replication_role = origin;
select is((select id from public.workflow_version_events where workflow_id = :'other' and action = 'archived'), 2::bigint,
  'replica mode: numbered');
select is_empty(format($$select id from public.workflow_version_events e where (e.workflow_id = %L or (e.project_id = %L and e.workflow_id is null)) and e.hash <> private.event_hash(e)$$, :'other', :'project'),
  'replica mode: hashed');

-- TEST: writing an event holds its chain's lock until the transaction ends (writers of one chain queue)
select ok(exists (select 1 from pg_locks l where l.locktype = 'advisory' and l.pid = pg_backend_pid() and l.granted
                    and l.mode = 'ExclusiveLock'),
  'the chain''s advisory lock is held after an insert');

-- TEST: (workflow_id, id) and (project_id, workflow_id, id) are unique
select throws_ok(format($$update public.workflow_version_events set id = 1 where workflow_id = %L and id = 2$$, :'other'), 'PT409', null,
  'numbers cannot be rewritten (append-only)');
select is((select count(*) from pg_indexes where tablename = 'workflow_version_events' and indexdef like 'CREATE UNIQUE INDEX%'), 2::bigint,
  'two unique indexes: per workflow chain, and per project');

-- TEST: the hash covers the content: changing any field changes it
select isnt(private.event_hash(e), private.event_hash((e.id, e.project_id, e.workflow_id, e.version_id, e.action, e.actor_id, e.occurred_at, e.details || '{"x": 1}', e.previous_hash, e.hash)::public.workflow_version_events),
  'changing details changes the hash')
from public.workflow_version_events e where e.workflow_id = :'wf' and e.id = 1;

select * from finish();
rollback;
