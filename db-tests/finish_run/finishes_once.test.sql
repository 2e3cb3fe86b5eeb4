-- finish_run(run_id, status): a running run moves once to succeeded, failed or cancelled; returns the
-- run; one run_finished event; PT409 unless running; 22023 for `running`. Works on archived workflows.
-- Editors and up, and the service_role key.
begin;
select plan(17);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.authenticate_as_service_role();
select (public.start_run(workflow_id => :'wf')).run_id as run1 \gset
select (public.start_run(workflow_id => :'wf')).run_id as run2 \gset
select (public.start_run(workflow_id => :'wf')).run_id as run3 \gset
select tests.event_count(:'wf') as events_before \gset

-- TEST: the orchestrator finishes a run: status, finished_at, the run row returned
select results_eq(
  format($$select id, status::text, finished_at is not null, finished_at >= started_at from public.finish_run(run_id => %L, status => 'succeeded')$$, :'run1'),
  format($$values (%L::uuid, 'succeeded', true, true)$$, :'run1'),
  'run 1 succeeded, finished_at set');
select is(tests.event_count(:'wf'), :'events_before'::bigint + 1, 'exactly one event');
select results_eq(
  format($$select (e).action::text, (e).actor_id, (e).details from (select tests.last_event(%L) as e) x$$, :'project'),
  format($$values ('run_finished', null::uuid, jsonb_build_object('run_id', %L::uuid, 'status', 'succeeded', 'environment', 'production'))$$, :'run1'),
  'run_finished: the run, its status and environment; no actor for the orchestrator');

-- TEST: an editor may finish one too
select tests.authenticate_as('acme_editor');
select is((public.finish_run(run_id => :'run2', status => 'failed')).status::text, 'failed', 'an editor marks run 2 failed');
select is((tests.last_event(:'project')).actor_id, tests.uid('acme_editor'), 'the editor is the actor');

-- TEST: a finished run's status never moves again → PT409
select tests.event_count(:'wf') as events_mid \gset
select throws_ok(format($$select public.finish_run(run_id => %L, status => 'cancelled')$$, :'run1'), 'PT409', null, 'succeeded → cancelled: PT409');
select throws_ok(format($$select public.finish_run(run_id => %L, status => 'failed')$$, :'run2'), 'PT409', null, 'failed → failed: PT409');
select is(tests.error_message(format($$select public.finish_run(run_id => %L, status => 'cancelled')$$, :'run1')),
  format('Run %s already finished (succeeded)', :'run1'), 'the message says how it finished');

-- TEST: bad arguments
select throws_ok(format($$select public.finish_run(run_id => %L, status => 'running')$$, :'run3'), '22023', null, 'status running → 22023');
select throws_ok(format($$select public.finish_run(run_id => %L, status => null)$$, :'run3'), '22023', null, 'status null → 22023');
select throws_ok($$select public.finish_run(run_id => null, status => 'failed')$$, '22023', null, 'run_id null → 22023');
select throws_ok(format($$select public.finish_run(run_id => %L, status => 'failed')$$, gen_random_uuid()), 'PT404', null, 'unknown run → PT404');
select is(tests.event_count(:'wf'), :'events_mid'::bigint, 'refused calls write nothing');

-- TEST: who may not
select tests.authenticate_as('acme_viewer');
select throws_ok(format($$select public.finish_run(run_id => %L, status => 'failed')$$, :'run3'), '42501', null, 'viewer → 42501');
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select public.finish_run(run_id => %L, status => 'failed')$$, :'run3'), 'PT404', null, 'member of another project → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select public.finish_run(run_id => %L, status => 'failed')$$, :'run3'), '42501', null, 'anon → 42501');

-- TEST: runs in flight close even after the workflow is archived
select tests.authenticate_as('acme_publisher');
select public.archive_workflow(workflow_id => :'wf');
select tests.authenticate_as_service_role();
select is((public.finish_run(run_id => :'run3', status => 'cancelled')).status::text, 'cancelled', 'archived workflow: run 3 is cancelled');

select * from finish();
rollback;
