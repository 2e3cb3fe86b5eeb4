-- check_workflow_integrity finds a live pointer that is wrong: on the draft, on another workflow's
-- version, on a row that does not exist, or missing while production runs a version. (Each of these
-- also disagrees with the production deployment, reported as production_deployment:
-- finds_production_pointer_drift.test.sql.)
begin;
select plan(6);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.setup_workflow('acme', 'Other', 1) as other \gset
select tests.version_id(:'other', 1) as other_v1 \gset
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');
select tests.clear_authentication();
select tests.draft_id(:'wf') as draft \gset

select is_empty('select * from public.check_workflow_integrity()', 'healthy before any corruption');

-- TEST: current_version_id on the draft
savepoint corrupt;
set local session_replication_role = replica;
update public.workflows set current_version_id = :'draft' where id = :'wf';
set local session_replication_role = origin;
select results_eq(
  format($$select version_id, check_name, detail from public.check_workflow_integrity(%L) where check_name = 'current_version'$$, :'wf'),
  format($$values (%L::uuid, 'current_version', %L)$$, :'draft', format('current_version_id %s is a draft, not a published version', :'draft')),
  'a live pointer on the draft is found');
rollback to savepoint corrupt;

-- TEST: current_version_id on another workflow's published version
savepoint corrupt;
set local session_replication_role = replica;
update public.workflows set current_version_id = :'other_v1' where id = :'wf';
set local session_replication_role = origin;
select results_eq(
  format($$select version_id, check_name, detail from public.check_workflow_integrity(%L) where check_name = 'current_version'$$, :'wf'),
  format($$values (%L::uuid, 'current_version', %L)$$, :'other_v1', format('current_version_id %s belongs to workflow %s', :'other_v1', :'other')),
  'a live pointer on another workflow''s version is found');
rollback to savepoint corrupt;

-- TEST: current_version_id on nothing (foreign key triggers are off in replica mode)
savepoint corrupt;
set local session_replication_role = replica;
update public.workflows set current_version_id = '00000000-0000-0000-0000-00000000dead' where id = :'wf';
set local session_replication_role = origin;
select results_eq(
  format($$select check_name, detail from public.check_workflow_integrity(%L) where check_name = 'current_version'$$, :'wf'),
  $$values ('current_version', 'current_version_id 00000000-0000-0000-0000-00000000dead does not exist')$$,
  'a dangling live pointer is found');
rollback to savepoint corrupt;

-- TEST: no live pointer although production runs a version (versions published only to other
-- environments, with production running nothing, are healthy)
savepoint corrupt;
set local session_replication_role = replica;
update public.workflows set current_version_id = null where id = :'wf';
set local session_replication_role = origin;
select results_eq(
  format($$select check_name, detail from public.check_workflow_integrity(%L)$$, :'wf'),
  format($$values ('production_deployment', %L)$$, format('current_version_id is not set but production runs %s', tests.version_id(:'wf', 2))),
  'a missing live pointer is found');
rollback to savepoint corrupt;

select is_empty('select * from public.check_workflow_integrity()', 'healthy after rolling back');

select * from finish();
rollback;
