-- archive_workflow(workflow_id): publisher+; sets archived_at; archived workflows refuse draft writes and
-- publishes but stay readable.
begin;
select plan(14);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset

select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');

-- TEST: who may not
select throws_ok(format($$select public.archive_workflow(workflow_id => %L)$$, :'wf'), '42501', null, 'editor → 42501');
select tests.authenticate_as('acme_viewer');
select throws_ok(format($$select public.archive_workflow(workflow_id => %L)$$, :'wf'), '42501', null, 'viewer → 42501');
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select public.archive_workflow(workflow_id => %L)$$, :'wf'), 'PT404', null, 'member of another project → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select public.archive_workflow(workflow_id => %L)$$, :'wf'), '42501', null, 'anon → 42501');

-- TEST: a publisher archives; the row comes back with archived_at
select tests.authenticate_as('acme_publisher');
select w.id as archived_id, w.archived_at is not null as is_archived from public.archive_workflow(workflow_id => :'wf') w \gset
select is(:'archived_id'::uuid, :'wf'::uuid, 'returns the workflow');
select ok(:'is_archived'::boolean, 'archived_at is set');
select results_eq(
  format($$select action::text, actor_id from public.workflow_version_events where workflow_id = %L and action = 'archived'$$, :'wf'),
  format($$values ('archived', %L::uuid)$$, tests.uid('acme_publisher')), 'archived is recorded with the actor');

-- TEST: archived refuses draft writes and publishes
select tests.authenticate_as('acme_owner');
select throws_ok(format($$select public.save_draft(workflow_id => %L, definition => '{}', expected_revision => 1)$$, :'wf'), 'PT409', null, 'save_draft → PT409');
select throws_ok(format($$select public.create_draft(workflow_id => %L, from_version_id => %L)$$, :'wf', tests.version_id(:'wf', 1)), 'PT409', null, 'create_draft → PT409');
select throws_ok(format($$select public.publish_draft(workflow_id => %L)$$, :'wf'), 'PT409', null, 'publish_draft → PT409');

-- TEST: history stays readable
select tests.authenticate_as('acme_viewer');
select is((select count(*)::int from public.list_workflow_versions(workflow_id => :'wf') where state = 'published'), 2, 'versions still listed');
select lives_ok(format($$select public.get_workflow_version(version_id => %L)$$, tests.version_id(:'wf', 2)), 'a version is still readable');

-- TEST: unknown workflow → PT404; archiving twice is refused or idempotent but never rewrites history
select tests.authenticate_as('acme_publisher');
select throws_ok(format($$select public.archive_workflow(workflow_id => %L)$$, gen_random_uuid()), 'PT404', null, 'unknown workflow → PT404');
select ok(tests.sqlstate_of(format($$select public.archive_workflow(workflow_id => %L)$$, :'wf')) in ('ok', 'PT409'),
  'archiving an archived workflow: PT409 or a no-op');

select * from finish();
rollback;
