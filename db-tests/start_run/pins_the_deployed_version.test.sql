-- start_run(workflow_id, environment? = 'production'): a run pinned to the version deployed there at this
-- instant; returns {run_id, version_id, version_number, definition, definition_hash}; one run_started
-- event. Editors and up, and the service_role key (started_by null). PT404 when nothing is deployed or
-- the environment is unknown; PT409 for an archived workflow.
begin;
select plan(22);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.add_environment('acme', 'staging');
select tests.add_environment('acme', 'dev', 'editor');
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 2) as v2 \gset
select tests.authenticate_as('acme_publisher');
select public.deploy_version(workflow_id => :'wf', version_id => :'v1', environment => 'staging');
select tests.event_count(:'wf') as events_before \gset

-- TEST: the answer has the contract's fields
select tests.authenticate_as('acme_editor');
select s.run_id as run1, s.version_id as run1_version, s.version_number as run1_number, s.definition as run1_definition,
       s.definition_hash as run1_hash, row_to_json(s)::jsonb as run1_json
from public.start_run(workflow_id => :'wf') s \gset
select is((select array_agg(k order by k) from jsonb_object_keys(:'run1_json'::jsonb) k),
  array['definition', 'definition_hash', 'run_id', 'version_id', 'version_number'], 'run_id, version_id, version_number, definition, definition_hash');

-- TEST: an editor's run of production: v2, with v2's definition and hash
select is(:'run1_version'::uuid, :'v2'::uuid, 'pinned to v2, what production runs');
select is(:'run1_number'::int, 2, 'version_number 2');
select is(:'run1_definition'::jsonb, tests.valid_definition(3), 'v2''s definition');
select is(:'run1_hash', (select definition_hash from public.workflow_versions where id = :'v2'), 'v2''s hash');
select results_eq(
  format($$select project_id, workflow_id, version_id, environment, status::text, replay_of, started_by, finished_at from public.workflow_runs where id = %L$$, :'run1'),
  format($$values (%L::uuid, %L::uuid, %L::uuid, 'production', 'running', null::uuid, %L::uuid, null::timestamptz)$$,
         :'project', :'wf', :'v2', tests.uid('acme_editor')),
  'the run row: production, running, started by the editor');

-- TEST: one run_started event
select is(tests.event_count(:'wf'), :'events_before'::bigint + 1, 'exactly one event');
select results_eq(
  format($$select (e).action::text, (e).actor_id, (e).version_id, (e).details from (select tests.last_event(%L) as e) x$$, :'project'),
  format($$values ('run_started', %L::uuid, %L::uuid, jsonb_build_object('run_id', %L::uuid, 'environment', 'production', 'version_number', 2))$$,
         tests.uid('acme_editor'), :'v2', :'run1'),
  'run_started: the run, its environment and version');

-- TEST: the orchestrator (service_role) starts runs in any environment; started_by and the actor are null
select tests.authenticate_as_service_role();
select s.run_id as run2, s.version_number as run2_number from public.start_run(workflow_id => :'wf', environment => 'staging') s \gset
select is(:'run2_number'::int, 1, 'staging runs v1');
select results_eq(format($$select environment, started_by from public.workflow_runs where id = %L$$, :'run2'),
  $$values ('staging', null::uuid)$$, 'a staging run with no user');
select is((tests.last_event(:'project')).actor_id, null, 'its event has no actor');

-- TEST: PT404 when nothing is deployed there or the environment is unknown; nothing written
select tests.event_count(:'wf') as events_mid \gset
select throws_ok(format($$select public.start_run(workflow_id => %L, environment => 'dev')$$, :'wf'), 'PT404', null, 'dev runs nothing → PT404');
select throws_ok(format($$select public.start_run(workflow_id => %L, environment => 'qa')$$, :'wf'), 'PT404', null, 'unknown environment → PT404');
select throws_ok(format($$select public.start_run(workflow_id => %L)$$, gen_random_uuid()), 'PT404', null, 'unknown workflow → PT404');
select throws_ok(format($$select public.start_run(workflow_id => %L, environment => null)$$, :'wf'), '22023', null, 'environment null → 22023');
select is(tests.event_count(:'wf'), :'events_mid'::bigint, 'refused calls write nothing');

-- TEST: who may not: viewers, other tenants, anon
select tests.authenticate_as('acme_viewer');
select throws_ok(format($$select public.start_run(workflow_id => %L)$$, :'wf'), '42501', null, 'viewer → 42501');
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select public.start_run(workflow_id => %L)$$, :'wf'), 'PT404', null, 'member of another project → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select public.start_run(workflow_id => %L)$$, :'wf'), '42501', null, 'anon → 42501');

-- TEST: an archived workflow starts no run, for anyone
select tests.authenticate_as('acme_publisher');
select public.archive_workflow(workflow_id => :'wf');
select throws_ok(format($$select public.start_run(workflow_id => %L)$$, :'wf'), 'PT409', null, 'archived → PT409');
select tests.authenticate_as_service_role();
select throws_ok(format($$select public.start_run(workflow_id => %L)$$, :'wf'), 'PT409', null, 'service_role: archived → PT409');
select tests.clear_authentication();
select is((select count(*)::int from public.workflow_runs where workflow_id = :'wf'), 2, 'two runs were recorded');

select * from finish();
rollback;
