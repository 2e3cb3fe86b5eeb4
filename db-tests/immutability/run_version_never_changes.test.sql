-- A run's version never changes, for any writer: clients (authenticated, service_role) have no write
-- grant, and the table owner (postgres, superuser here, an operator with psql) is refused by a trigger.
-- Its status moves once, from running; its workflow, environment and origin are fixed.
begin;
select plan(17);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.setup_workflow('acme', 'Other', 1) as other \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 2) as v2, tests.version_id(:'other', 1) as other_v1 \gset
select tests.authenticate_as_service_role();
select (public.start_run(workflow_id => :'wf')).run_id as run \gset
select (public.start_run(workflow_id => :'wf')).run_id as done \gset
select public.finish_run(run_id => :'done', status => 'succeeded');

-- TEST: service_role has no write grant on runs: 42501 before any trigger
select throws_ok(format($$update public.workflow_runs set version_id = %L where id = %L$$, :'v1', :'run'), '42501', null, 'service_role: update version_id → 42501');
select throws_ok(format($$insert into public.workflow_runs (project_id, workflow_id, version_id, environment) values (%L, %L, %L, 'production')$$, :'project', :'wf', :'v1'),
  '42501', null, 'service_role: insert → 42501');
select throws_ok(format($$delete from public.workflow_runs where id = %L$$, :'run'), '42501', null, 'service_role: delete → 42501');

-- TEST: signed-in members (even the owner) neither
select tests.authenticate_as('acme_owner');
select throws_ok(format($$update public.workflow_runs set version_id = %L where id = %L$$, :'v1', :'run'), '42501', null, 'owner: update version_id → 42501');
select throws_ok(format($$update public.workflow_runs set status = 'failed' where id = %L$$, :'done'), '42501', null, 'owner: update status → 42501');

-- TEST: the table owner (postgres) is refused by the trigger, even for a version of the same workflow
select tests.clear_authentication();
select throws_ok(format($$update public.workflow_runs set version_id = %L where id = %L$$, :'v1', :'run'), 'PT409', null, 'postgres: another version of the workflow → PT409');
select throws_ok(format($$update public.workflow_runs set version_id = %L where id = %L$$, :'v1', :'done'), 'PT409', null, 'postgres: on a finished run too → PT409');
select throws_ok(format($$update public.workflow_runs set version_id = version_id, workflow_id = %L, project_id = project_id where id = %L$$, :'other', :'run'),
  'PT409', null, 'postgres: another workflow → PT409');
select throws_ok(format($$update public.workflow_runs set environment = 'staging' where id = %L$$, :'run'), 'PT409', null, 'postgres: another environment → PT409');
select ok(tests.error_message(format($$update public.workflow_runs set version_id = %L where id = %L$$, :'v1', :'run')) ~ 'never changes',
  'the message says a run''s version never changes');
select isnt(tests.error_hint(format($$update public.workflow_runs set version_id = %L where id = %L$$, :'v1', :'run')), null, 'with a hint');

-- TEST: the status moves once, from running, for postgres too
select throws_ok(format($$update public.workflow_runs set status = 'failed' where id = %L$$, :'done'), 'PT409', null, 'postgres: succeeded → failed → PT409');
select throws_ok(format($$update public.workflow_runs set status = 'running', finished_at = null where id = %L$$, :'done'), 'PT409', null, 'postgres: back to running → PT409');
select lives_ok(format($$update public.workflow_runs set status = 'cancelled', finished_at = now() where id = %L$$, :'run'), 'postgres: running → cancelled is allowed once');

-- TEST: a run is inserted only for a published version of its own workflow
select throws_ok(format($$insert into public.workflow_runs (project_id, workflow_id, version_id, environment) values (%L, %L, %L, 'production')$$, :'project', :'wf', :'other_v1'),
  'PT409', null, 'postgres: a version of another workflow → PT409');
select lives_ok(format($$update public.workflow_runs set started_at = started_at - interval '1 day' where id = %L$$, :'done'),
  'an operator may still correct times');

-- TEST: nothing changed the versions
select results_eq(format($$select version_id from public.workflow_runs where id in (%L, %L)$$, :'run', :'done'),
  format($$values (%L::uuid), (%L::uuid)$$, :'v2', :'v2'), 'both runs still executed v2');

select * from finish();
rollback;
