-- rollback_workflow with environments: the copy is deployed to production only (current_version_id
-- moves, staging keeps what it runs); "already live" means what production runs.
begin;
select plan(8);

select tests.setup_project('acme') as project \gset
select tests.add_environment('acme', 'staging');
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 2) as v2 \gset
select tests.authenticate_as('acme_publisher');
select public.deploy_version(workflow_id => :'wf', version_id => :'v1', environment => 'staging');

-- TEST: production runs v2, so v2 is "already live"; staging running v1 does not make v1 live
select throws_ok(format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', :'v2'), 'PT409', null,
  'rolling back to what production runs → PT409');
select is(tests.error_message(format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', :'v2')),
  'Version 2 is already live: production runs it', 'the message says production runs it');

-- TEST: rolling back to v1 (what staging runs) publishes v3 to production only
select v.id as v3, v.version_number as v3_number, v.base_version_id as v3_base
from public.rollback_workflow(workflow_id => :'wf', version_id => :'v1') v \gset
select is(:'v3_number'::int, 3, 'the copy is version 3');
select is(:'v3_base'::uuid, :'v2'::uuid, 'based on what production ran');
select is(tests.deployed_number(:'wf', 'production'), 3, 'production runs v3');
select is(tests.current_version_number(:'wf'), 3, 'current_version_id is v3');
select is(tests.deployed_number(:'wf', 'staging'), 1, 'staging still runs v1');
select results_eq(format($$select action::text, details ->> 'environment' from public.workflow_version_events where workflow_id = %L order by id desc limit 1$$, :'wf'),
  $$values ('rolled_back', 'production')$$, 'one rolled_back event, naming production');

select * from finish();
rollback;
