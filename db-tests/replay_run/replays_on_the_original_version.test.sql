-- replay_run(run_id): a new run on the ORIGINAL run's version and environment, whatever is deployed now;
-- replay_of = the original; any status may be replayed; the start_run answer; one run_replayed event.
-- The story of the issue: a run started before a promotion stays on its version, and its replay too.
begin;
select plan(20);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.add_environment('acme', 'staging');
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.version_id(:'wf', 1) as v1 \gset
-- v2 is published to staging only; production runs v1
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(9), expected_revision => 1);
select tests.authenticate_as('acme_publisher');
select v.id as v2 from public.publish_draft(workflow_id => :'wf', environment => 'staging') v \gset

-- TEST: before the promotion: a production run on v1 (which fails), a staging run on v2
select tests.authenticate_as_service_role();
select (public.start_run(workflow_id => :'wf')).run_id as prod_run \gset
select (public.start_run(workflow_id => :'wf', environment => 'staging')).run_id as staging_run \gset
select public.finish_run(run_id => :'prod_run', status => 'failed');
select is((tests.run(:'prod_run')).version_id, :'v1'::uuid, 'the production run executed v1');
select is((tests.run(:'staging_run')).version_id, :'v2'::uuid, 'the staging run executed v2');

-- TEST: v2 is promoted to production; the earlier run still says v1
select tests.authenticate_as('acme_publisher');
select public.deploy_version(workflow_id => :'wf', version_id => :'v2', environment => 'production');
select is(tests.current_version_number(:'wf'), 2, 'production now runs v2');
select is((tests.run(:'prod_run')).version_id, :'v1'::uuid, 'the run started before the promotion stays on v1');
select tests.authenticate_as_service_role();
select is((public.start_run(workflow_id => :'wf')).version_number, 2, 'a new production run executes v2');

-- TEST: replaying the old production run executes v1 again, in production, whatever production runs now
select tests.event_count(:'wf') as events_before \gset
select s.run_id as replay, s.version_id as replay_version, s.version_number as replay_number, s.definition as replay_definition,
       s.definition_hash as replay_hash
from public.replay_run(run_id => :'prod_run') s \gset
select is(:'replay_version'::uuid, :'v1'::uuid, 'the replay is pinned to v1');
select is(:'replay_number'::int, 1, 'version_number 1');
select is(:'replay_definition'::jsonb, tests.valid_definition(2), 'with v1''s definition');
select is(:'replay_hash', (select definition_hash from public.workflow_versions where id = :'v1'), 'and v1''s hash');
select results_eq(
  format($$select version_id, environment, status::text, replay_of, started_by from public.workflow_runs where id = %L$$, :'replay'),
  format($$values (%L::uuid, 'production', 'running', %L::uuid, null::uuid)$$, :'v1', :'prod_run'),
  'a new running production run, replay_of the original (a failed run may be replayed)');
select isnt(:'replay'::uuid, :'prod_run'::uuid, 'a new run, not the original');

-- TEST: one run_replayed event
select is(tests.event_count(:'wf'), :'events_before'::bigint + 1, 'exactly one event');
select results_eq(
  format($$select (e).action::text, (e).version_id, (e).details from (select tests.last_event(%L) as e) x$$, :'project'),
  format($$values ('run_replayed', %L::uuid, jsonb_build_object('run_id', %L::uuid, 'replay_of', %L::uuid, 'environment', 'production', 'version_number', 1))$$,
         :'v1', :'replay', :'prod_run'),
  'run_replayed: the new run, the original, environment and version');

-- TEST: a replay of the replay stays on v1 too; an editor may replay
select tests.authenticate_as('acme_editor');
select is((public.replay_run(run_id => :'replay')).version_id, :'v1'::uuid, 'replaying the replay: still v1');
select is((select r.started_by from public.workflow_runs r where r.replay_of = :'replay'), tests.uid('acme_editor'),
  'started by the editor, replay_of the replay');

-- TEST: who may not; unknown runs
select tests.authenticate_as('acme_viewer');
select throws_ok(format($$select public.replay_run(run_id => %L)$$, :'prod_run'), '42501', null, 'viewer → 42501');
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select public.replay_run(run_id => %L)$$, :'prod_run'), 'PT404', null, 'member of another project → PT404');
select tests.authenticate_as_service_role();
select throws_ok(format($$select public.replay_run(run_id => %L)$$, gen_random_uuid()), 'PT404', null, 'unknown run → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select public.replay_run(run_id => %L)$$, :'prod_run'), '42501', null, 'anon → 42501');

-- TEST: an archived workflow replays nothing
select tests.authenticate_as('acme_publisher');
select public.archive_workflow(workflow_id => :'wf');
select tests.authenticate_as_service_role();
select throws_ok(format($$select public.replay_run(run_id => %L)$$, :'prod_run'), 'PT409', null, 'archived → PT409');

select * from finish();
rollback;
