-- list_workflow_versions rows carry deployed_to (environments running the version, production first;
-- {} for the draft and undeployed versions) and run_count (0 when none); is_live means deployed to
-- production. Both are looked up per row of the page, so a page costs the same however many runs exist.
begin;
select plan(6);

select tests.setup_project('acme') as project \gset
select tests.add_environment('acme', 'staging');
select tests.add_environment('acme', 'dev', 'editor');
select tests.setup_workflow('acme', 'Order intake', 3) as wf \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 2) as v2, tests.version_id(:'wf', 3) as v3 \gset
select tests.authenticate_as('acme_publisher');
select public.deploy_version(workflow_id => :'wf', version_id => :'v2', environment => 'staging');
select public.deploy_version(workflow_id => :'wf', version_id => :'v3', environment => 'dev');
select tests.authenticate_as_service_role();
select public.start_run(workflow_id => :'wf') from generate_series(1, 3);
select public.start_run(workflow_id => :'wf', environment => 'staging');
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');

-- TEST: deployed_to, run_count and is_live per row (the draft: nothing)
select tests.authenticate_as('acme_viewer');
select results_eq(
  format($$select version_number, deployed_to, run_count, is_live from public.list_workflow_versions(workflow_id => %L)$$, :'wf'),
  $$values (null::int, '{}'::text[], 0, false), (3, '{production,dev}'::text[], 3, true), (2, '{staging}'::text[], 1, false), (1, '{}'::text[], 0, false)$$,
  'draft {} 0; v3 production+dev 3 runs, live; v2 staging 1 run; v1 nothing');
select is(pg_typeof((select deployed_to from public.list_workflow_versions(workflow_id => :'wf') limit 1))::text, 'text[]', 'deployed_to is text[]');
select is(pg_typeof((select run_count from public.list_workflow_versions(workflow_id => :'wf') limit 1))::text, 'integer', 'run_count is an integer');

-- TEST: a promotion moves deployed_to and is_live; run counts stay with the versions that ran
select tests.authenticate_as('acme_publisher');
select public.deploy_version(workflow_id => :'wf', version_id => :'v2', environment => 'production');
select tests.authenticate_as_service_role();
select public.start_run(workflow_id => :'wf');
select tests.authenticate_as('acme_viewer');
select results_eq(
  format($$select version_number, deployed_to, run_count, is_live from public.list_workflow_versions(workflow_id => %L, before_version => 4)$$, :'wf'),
  $$values (3, '{dev}'::text[], 3, false), (2, '{production,staging}'::text[], 2, true), (1, '{}'::text[], 0, false)$$,
  'after promoting v2: v2 runs in production and staging, and is live');

-- TEST: run counts come from the index on version_id, one lookup per row of the page
select ok(exists (select 1 from pg_indexes where schemaname = 'public' and tablename = 'workflow_runs'
                  and indexdef like '%(version_id)%'), 'workflow_runs has an index on version_id');
-- …and deployments from the primary key (workflow_id, environment): a handful of rows per workflow
select ok(exists (select 1 from pg_indexes where schemaname = 'public' and tablename = 'workflow_deployments'
                  and indexname = 'workflow_deployments_pkey' and indexdef like '%(workflow_id, environment)%'),
  'workflow_deployments is keyed by (workflow_id, environment)');

select * from finish();
rollback;
