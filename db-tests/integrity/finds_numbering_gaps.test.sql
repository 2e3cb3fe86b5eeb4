-- check_workflow_integrity finds broken numbering: a missing version in the middle or at the start, a
-- counter ahead of or behind the versions, a number used twice. Each corruption is injected with the
-- triggers off (session_replication_role = replica) inside a savepoint, checked, and rolled back.
begin;
select plan(10);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 3) as wf \gset
select tests.setup_workflow('acme', 'Healthy', 2) as healthy \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 2) as v2, tests.version_id(:'wf', 3) as v3 \gset

select is_empty('select * from public.check_workflow_integrity()', 'healthy before any corruption');

-- TEST: a published version deleted from the middle → "version 2 is missing"
savepoint corrupt;
set local session_replication_role = replica;
delete from public.workflow_versions where id = :'v2';
set local session_replication_role = origin;
select results_eq(
  format($$select workflow_id, version_id, check_name, detail from public.check_workflow_integrity(%L)$$, :'wf'),
  format($$values (%L::uuid, null::uuid, 'version_numbers_gapless', 'version 2 is missing')$$, :'wf'),
  'a gap in the middle is found');
-- TEST: the filter: another workflow is not blamed, and the whole-database run finds the same row
select is_empty(format('select * from public.check_workflow_integrity(%L)', :'healthy'), 'the healthy workflow has no violation');
select results_eq('select workflow_id, check_name from public.check_workflow_integrity()',
  format($$values (%L::uuid, 'version_numbers_gapless')$$, :'wf'), 'the unfiltered run reports only that row');
rollback to savepoint corrupt;

-- TEST: version 1 deleted → "version 1 is missing"
savepoint corrupt;
set local session_replication_role = replica;
delete from public.workflow_versions where id = :'v1';
set local session_replication_role = origin;
select results_eq(
  format($$select check_name, detail from public.check_workflow_integrity(%L)$$, :'wf'),
  $$values ('version_numbers_gapless', 'version 1 is missing')$$,
  'a missing first version is found');
rollback to savepoint corrupt;

-- TEST: the counter ahead of the versions (a number skipped at the end)
savepoint corrupt;
set local session_replication_role = replica;
update public.workflows set last_version_number = 5 where id = :'wf';
set local session_replication_role = origin;
select results_eq(
  format($$select check_name, detail from public.check_workflow_integrity(%L)$$, :'wf'),
  $$values ('version_numbers_gapless', 'the counter last_version_number is 5 but the highest published version is 3 (3 published)')$$,
  'a counter ahead of the versions is found');
rollback to savepoint corrupt;

-- TEST: the counter behind the versions (the next publish would collide)
savepoint corrupt;
set local session_replication_role = replica;
update public.workflows set last_version_number = 2 where id = :'wf';
set local session_replication_role = origin;
select results_eq(
  format($$select check_name, detail from public.check_workflow_integrity(%L)$$, :'wf'),
  $$values ('version_numbers_gapless', 'the counter last_version_number is 2 but the highest published version is 3 (3 published)')$$,
  'a counter behind the versions is found');
rollback to savepoint corrupt;

-- TEST: a number used twice (the unique constraint dropped, a copy of v2 inserted without triggers)
savepoint corrupt;
alter table public.workflow_versions drop constraint workflow_version_number_is_unique;
set local session_replication_role = replica;
insert into public.workflow_versions (workflow_id, project_id, version_number, state, definition, definition_hash,
  revision, created_by, published_by, published_at)
select workflow_id, project_id, version_number, state, definition, definition_hash, 1, created_by, published_by, now()
from public.workflow_versions where id = :'v2'
returning id as dup \gset
set local session_replication_role = origin;
select ok(exists (
  select 1 from public.check_workflow_integrity(:'wf')
  where check_name = 'version_numbers_gapless' and detail = 'version number 2 is used more than once'
), 'a duplicated number is found');
select ok(exists (
  select 1 from public.check_workflow_integrity(:'wf') where check_name = 'publish_event' and version_id = :'dup'
), 'and the smuggled copy, published without an event, is reported too');
rollback to savepoint corrupt;

-- TEST: after every rollback the history is healthy again
select is_empty('select * from public.check_workflow_integrity()', 'healthy after rolling the corruptions back');

select * from finish();
rollback;
