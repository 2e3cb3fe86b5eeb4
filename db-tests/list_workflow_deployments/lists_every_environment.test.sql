-- list_workflow_deployments(workflow_id): one row per environment of the workflow's project, production
-- first, with the version it runs (nulls where nothing is deployed). Viewers and up.
begin;
select plan(7);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.add_environment('acme', 'staging');
select tests.add_environment('acme', 'dev', 'editor');
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.setup_workflow('acme', 'Never published', 0) as fresh \gset
select tests.authenticate_as('acme_publisher');
select public.deploy_version(workflow_id => :'wf', version_id => tests.version_id(:'wf', 1), environment => 'staging');

-- TEST: the columns of the contract
select tests.authenticate_as('acme_viewer');
select is(
  (select array_agg(k order by n) from json_object_keys(
     (select row_to_json(l) from public.list_workflow_deployments(workflow_id => :'wf') l limit 1)) with ordinality as t(k, n)),
  array['environment', 'deploy_role', 'version_id', 'version_number', 'deployed_by', 'deployed_at'],
  'environment, deploy_role, version_id, version_number, deployed_by, deployed_at');

-- TEST: production first, then by name; nulls where nothing runs
select results_eq(
  format($$select environment, deploy_role::text, version_id, version_number, deployed_by from public.list_workflow_deployments(workflow_id => %L)$$, :'wf'),
  format($$values ('production', 'publisher', %L::uuid, 2, %L::uuid), ('dev', 'editor', null::uuid, null::int, null::uuid),
                  ('staging', 'publisher', %L::uuid, 1, %L::uuid)$$,
         tests.version_id(:'wf', 2), tests.uid('acme_publisher'), tests.version_id(:'wf', 1), tests.uid('acme_publisher')),
  'production v2, dev nothing, staging v1');
select results_eq(format($$select environment, version_id from public.list_workflow_deployments(workflow_id => %L)$$, :'fresh'),
  $$values ('production', null::uuid), ('dev', null::uuid), ('staging', null::uuid)$$, 'a workflow never published: every environment, nothing deployed');

-- TEST: not visible = not found; signed out or service_role → 42501
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select * from public.list_workflow_deployments(workflow_id => %L)$$, :'wf'), 'PT404', null, 'member of another project → PT404');
select throws_ok(format($$select * from public.list_workflow_deployments(workflow_id => %L)$$, gen_random_uuid()), 'PT404', null, 'unknown workflow → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select * from public.list_workflow_deployments(workflow_id => %L)$$, :'wf'), '42501', null, 'anon → 42501');
select tests.authenticate_as_service_role();
select throws_ok(format($$select * from public.list_workflow_deployments(workflow_id => %L)$$, :'wf'), '42501', null, 'service_role → 42501 (reads need a user)');

select * from finish();
rollback;
