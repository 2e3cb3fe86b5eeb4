-- Direct reads of environments, deployments and runs (GET /rest/v1/<table>): members see their
-- projects' rows; strangers and users in no project see none; anon has no SELECT; service_role reads all.
begin;
select plan(8);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.add_environment('acme', 'staging');
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.setup_workflow('globex', 'Globex flow', 1) as gwf \gset
select tests.authenticate_as('acme_publisher');
select public.deploy_version(workflow_id => :'wf', version_id => tests.version_id(:'wf', 1), environment => 'staging');
select tests.authenticate_as_service_role();
select public.start_run(workflow_id => :'wf');
select public.start_run(workflow_id => :'wf', environment => 'staging');
select public.start_run(workflow_id => :'gwf');

-- TEST: each member role of acme sees acme's environments (2), deployments (2) and runs (2), nothing of globex
select results_eq(
  $$select (select count(*)::int from public.project_environments), (select count(*)::int from public.workflow_deployments),
           (select count(*)::int from public.workflow_runs)$$,
  $$values (2, 2, 2)$$,
  format('%s sees 2 environments, 2 deployments, 2 runs', who))
from (values ('acme_viewer'), ('acme_editor'), ('acme_publisher'), ('acme_owner')) as r(who)
cross join lateral (select tests.authenticate_as(r.who)) as auth; -- PLAN+3

-- TEST: the stranger sees only globex's rows; a user in no project none
select tests.authenticate_as('globex_owner');
select results_eq(
  format($$select (select count(*)::int from public.project_environments where project_id = %1$L),
                  (select count(*)::int from public.workflow_deployments where project_id = %1$L),
                  (select count(*)::int from public.workflow_runs where project_id = %1$L),
                  (select count(*)::int from public.workflow_runs)$$, :'project'),
  $$values (0, 0, 0, 1)$$, 'stranger: none of acme''s, their own run');
select tests.create_user('loner');
select tests.authenticate_as('loner');
select results_eq(
  $$select (select count(*)::int from public.project_environments), (select count(*)::int from public.workflow_deployments),
           (select count(*)::int from public.workflow_runs)$$,
  $$values (0, 0, 0)$$, 'a user in no project sees no rows');

-- TEST: anon has no SELECT on them
select tests.authenticate_as_anon();
select is(array[tests.sqlstate_of('select 1 from public.project_environments'), tests.sqlstate_of('select 1 from public.workflow_deployments'),
                tests.sqlstate_of('select 1 from public.workflow_runs')],
  array['42501', '42501', '42501'], 'anon: every one → 42501');

-- TEST: service_role reads every tenant's rows
select tests.authenticate_as_service_role();
select results_eq(
  $$select (select count(*)::int from public.project_environments), (select count(*)::int from public.workflow_deployments),
           (select count(*)::int from public.workflow_runs)$$,
  $$values (3, 3, 3)$$, 'service_role sees both tenants');

select * from finish();
rollback;
