-- Every error an RPC raises for a signed-in caller carries a message and a HINT saying what to do next,
-- with the SQLSTATE of the design's error table.
begin;
select plan(30);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.add_environment('acme', 'staging');
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.setup_workflow('acme', 'Archived', 1) as archived \gset
select tests.version_id(:'wf', 1) as v1 \gset
select tests.authenticate_as('acme_publisher');
select public.archive_workflow(workflow_id => :'archived');
select public.create_draft(workflow_id => :'wf');
select (public.start_run(workflow_id => :'wf')).run_id as run \gset
select (public.start_run(workflow_id => :'wf')).run_id as done \gset
select public.finish_run(run_id => :'done', status => 'failed');

-- TEST: code, message and hint of each kind of error
with cases(ord, who, label, code, sql) as (values
  (1, 'acme_viewer', 'role too low', '42501', format($$select public.create_draft(workflow_id => %L)$$, :'wf')),
  (2, 'globex_owner', 'not visible', 'PT404', format($$select public.create_draft(workflow_id => %L)$$, :'wf')),
  (3, 'acme_editor', 'not found', 'PT404', format($$select public.get_workflow_version(version_id => %L)$$, gen_random_uuid())),
  (4, 'acme_editor', 'stale revision', 'PT409', format($$select public.save_draft(workflow_id => %L, definition => '{}', expected_revision => 42)$$, :'wf')),
  (5, 'acme_editor', 'draft exists', 'PT409', format($$select public.create_draft(workflow_id => %L, from_version_id => %L)$$, :'wf', :'v1')),
  (6, 'acme_publisher', 'nothing to publish', 'PT409', format($$select public.publish_draft(workflow_id => %L)$$, :'wf')),
  (7, 'acme_publisher', 'rollback to current', 'PT409', format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', :'v1')),
  (8, 'acme_publisher', 'archived', 'PT409', format($$select public.publish_draft(workflow_id => %L)$$, :'archived')),
  (9, 'acme_editor', 'too large', 'PT413', format($$select public.save_draft(workflow_id => %L, definition => jsonb_build_object('x', repeat('x', 1048577)), expected_revision => 1)$$, :'wf')),
  (10, 'acme_editor', 'bad argument', '22023', format($$select public.create_workflow(project_id => %L, name => '')$$, :'project')),
  (11, 'acme_editor', 'page size', '22023', format($$select * from public.list_workflow_versions(workflow_id => %L, page_size => 500)$$, :'wf')),
  (12, 'acme_owner', 'unknown user', 'PT404', format($$select public.add_project_member(project_id => %L, email => 'nobody@x.example', role => 'viewer')$$, :'project')),
  (13, 'acme_owner', 'environment exists', 'PT409', format($$select public.create_environment(project_id => %L, name => 'staging')$$, :'project')),
  (14, 'acme_owner', 'bad environment name', '22023', format($$select public.create_environment(project_id => %L, name => 'Staging!')$$, :'project')),
  (15, 'acme_owner', 'viewer deploy role', '22023', format($$select public.create_environment(project_id => %L, name => 'qa', deploy_role => 'viewer')$$, :'project')),
  (16, 'acme_publisher', 'unknown environment', 'PT404', format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'qa')$$, :'wf', :'v1')),
  (17, 'acme_publisher', 'already deployed', 'PT409', format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'production')$$, :'wf', :'v1')),
  (18, 'acme_editor', 'deploy role too low', '42501', format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'staging')$$, :'wf', :'v1')),
  (19, 'acme_publisher', 'archived deploy', 'PT409', format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'staging')$$, :'archived', tests.version_id(:'archived', 1))),
  (20, 'acme_viewer', 'nothing deployed', 'PT404', format($$select public.resolve_workflow(workflow_id => %L, environment => 'staging')$$, :'wf')),
  (21, 'service_role', 'archived resolve', 'PT409', format($$select public.resolve_workflow(workflow_id => %L)$$, :'archived')),
  (22, 'service_role', 'nothing deployed to start', 'PT404', format($$select public.start_run(workflow_id => %L, environment => 'staging')$$, :'wf')),
  (23, 'service_role', 'run finished', 'PT409', format($$select public.finish_run(run_id => %L, status => 'succeeded')$$, :'done')),
  (24, 'acme_editor', 'final status running', '22023', format($$select public.finish_run(run_id => %L, status => 'running')$$, :'run')),
  (25, 'service_role', 'unknown run', 'PT404', format($$select public.replay_run(run_id => %L)$$, gen_random_uuid())),
  (26, 'acme_viewer', 'runs page size', '22023', format($$select * from public.list_workflow_runs(workflow_id => %L, page_size => 0)$$, :'wf')),
  (27, 'acme_viewer', 'unknown before', '22023', format($$select * from public.list_workflow_runs(workflow_id => %L, before => %L)$$, :'wf', gen_random_uuid())),
  (28, 'postgres', 'run version changed', 'PT409', format($$update public.workflow_runs set version_id = %L where id = %L$$, gen_random_uuid(), :'run')),
  (29, 'postgres', 'production pointer moved alone', 'PT409', format($$update public.workflows set current_version_id = null where id = %L; set constraints all immediate$$, :'wf'))
)
select is(
  array[tests.outcome_as(cases.who, cases.sql),
        (tests.outcome_as(cases.who, format('select tests._assert_hint(%L)', cases.sql)))],
  array[cases.code, 'ok'],
  format('%s → %s, with a message and a hint', cases.label, cases.code))
from cases order by cases.ord; -- PLAN+28

-- TEST: a signed-out caller gets 42501 before anything else
select tests.authenticate_as_anon();
select throws_ok(format($$select public.create_draft(workflow_id => %L)$$, :'wf'), '42501', null, 'anon → 42501');

select * from finish();
rollback;
