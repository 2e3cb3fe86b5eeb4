-- Every error an RPC raises for a signed-in caller carries a message and a HINT saying what to do next,
-- with the SQLSTATE of the design's error table.
begin;
select plan(13);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.setup_workflow('acme', 'Archived', 1) as archived \gset
select tests.version_id(:'wf', 1) as v1 \gset
select tests.authenticate_as('acme_publisher');
select public.archive_workflow(workflow_id => :'archived');
select public.create_draft(workflow_id => :'wf');

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
  (12, 'acme_owner', 'unknown user', 'PT404', format($$select public.add_project_member(project_id => %L, email => 'nobody@x.example', role => 'viewer')$$, :'project'))
)
select is(
  array[tests.outcome_as(cases.who, cases.sql),
        (tests.outcome_as(cases.who, format('select tests._assert_hint(%L)', cases.sql)))],
  array[cases.code, 'ok'],
  format('%s → %s, with a message and a hint', cases.label, cases.code))
from cases order by cases.ord; -- PLAN+11

-- TEST: a signed-out caller gets 42501 before anything else
select tests.authenticate_as_anon();
select throws_ok(format($$select public.create_draft(workflow_id => %L)$$, :'wf'), '42501', null, 'anon → 42501');

select * from finish();
rollback;
