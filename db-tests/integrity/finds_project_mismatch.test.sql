-- check_workflow_integrity finds a version whose project_id is not its workflow's (the denormalised
-- column RLS relies on: a mismatch would show one tenant's version to another).
begin;
select plan(3);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.version_id(:'wf', 1) as v1 \gset

select is_empty('select * from public.check_workflow_integrity()', 'healthy before any corruption');

-- TEST: a version moved to another project
savepoint corrupt;
set local session_replication_role = replica;
update public.workflow_versions set project_id = :'globex' where id = :'v1';
set local session_replication_role = origin;
select results_eq(
  format($$select version_id, check_name, detail from public.check_workflow_integrity(%L)$$, :'wf'),
  format($$values (%L::uuid, 'project_matches', %L)$$, :'v1',
    format('the version''s project_id %s is not its workflow''s project %s', :'globex', :'project')),
  'a version in the wrong project is found');
rollback to savepoint corrupt;

select is_empty('select * from public.check_workflow_integrity()', 'healthy after rolling back');

select * from finish();
rollback;
