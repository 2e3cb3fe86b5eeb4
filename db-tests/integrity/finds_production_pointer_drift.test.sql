-- check_workflow_integrity reports a production deployment that disagrees with current_version_id, and a
-- deployment that points at something other than a published version of its workflow. The corruption is
-- made as the superuser with triggers off (session_replication_role = replica), as a bad restore could.
begin;
select plan(6);

select tests.setup_project('acme') as project \gset
select tests.add_environment('acme', 'staging');
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.setup_workflow('acme', 'Other', 1) as other \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 2) as v2, tests.version_id(:'other', 1) as other_v1 \gset
select tests.authenticate_as('acme_publisher');
select public.deploy_version(workflow_id => :'wf', version_id => :'v1', environment => 'staging');
select tests.clear_authentication();

select is_empty('select * from public.check_workflow_integrity()', 'healthy before any corruption (staging may run another version)');

-- TEST: the production deployment moved without current_version_id
savepoint corrupt;
set local session_replication_role = replica;
update public.workflow_deployments set version_id = :'v1' where workflow_id = :'wf' and environment = 'production';
set local session_replication_role = origin;
select results_eq(
  format($$select workflow_id, version_id, check_name, detail from public.check_workflow_integrity()$$),
  format($$values (%L::uuid, %L::uuid, 'production_deployment', %L)$$, :'wf', :'v1', format('current_version_id is %s but production runs %s', :'v2', :'v1')),
  'a production deployment that disagrees with current_version_id is found');
rollback to savepoint corrupt;

-- TEST: the production deployment is gone
savepoint corrupt;
set local session_replication_role = replica;
delete from public.workflow_deployments where workflow_id = :'wf' and environment = 'production';
set local session_replication_role = origin;
select results_eq(
  format($$select check_name, detail from public.check_workflow_integrity(%L)$$, :'wf'),
  format($$values ('production_deployment', %L)$$, format('current_version_id is %s but production runs nothing', :'v2')),
  'a live workflow whose production runs nothing is found');
rollback to savepoint corrupt;

-- TEST: a deployment on another workflow's version (the production pointer agrees, so only that is reported)
savepoint corrupt;
set local session_replication_role = replica;
update public.workflow_deployments set version_id = :'other_v1' where workflow_id = :'wf' and environment = 'staging';
set local session_replication_role = origin;
select results_eq(
  format($$select version_id, check_name, detail from public.check_workflow_integrity(%L)$$, :'wf'),
  format($$values (%L::uuid, 'deployment_version', %L)$$, :'other_v1', format('the staging deployment points at version %s of workflow %s', :'other_v1', :'other')),
  'a deployment of another workflow''s version is found');
rollback to savepoint corrupt;

-- TEST: the service_role key (operators) sees it too
savepoint corrupt;
set local session_replication_role = replica;
update public.workflows set current_version_id = :'v1' where id = :'wf';
set local session_replication_role = origin;
select tests.authenticate_as_service_role();
select results_eq('select check_name from public.check_workflow_integrity()', $$values ('production_deployment')$$,
  'service_role: current_version_id moved without the production deployment is found');
select tests.clear_authentication();
rollback to savepoint corrupt;

select is_empty('select * from public.check_workflow_integrity()', 'healthy after rolling back');

select * from finish();
rollback;
