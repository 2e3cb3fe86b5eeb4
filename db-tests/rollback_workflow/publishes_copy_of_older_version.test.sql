-- rollback_workflow(workflow_id, version_id, note?): publisher+; publishes a copy of an older version
-- as the next number and makes it live; the draft is left alone; rolling back to the current → PT409.
begin;
select plan(20);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 3) as wf \gset
select tests.setup_workflow('acme', 'Other', 1) as other_wf \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 3) as v3, tests.version_id(:'other_wf', 1) as other_v1 \gset

-- a draft with work in progress
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');
select d.id as draft, d.revision as draft_revision from public.save_draft(workflow_id => :'wf', definition => '{"nodes": [], "edges": [], "wip": true}', expected_revision => 1) d \gset

-- TEST: a publisher rolls back to v1 → v4, live, copy of v1
select tests.authenticate_as('acme_publisher');
select v.id as v4, v.version_number as v4_number, v.state as v4_state, v.definition as v4_definition,
       v.source_version_id as v4_source, v.note as v4_note, v.published_by as v4_by, v.definition_hash as v4_hash
from public.rollback_workflow(workflow_id => :'wf', version_id => :'v1', note => 'Back to v1') v \gset
select is(:'v4_number'::int, 4, 'the copy is the next number, 4');
select is(:'v4_state'::text, 'published', 'published');
select is(:'v4_definition'::jsonb, tests.valid_definition(2), 'with v1''s definition');
select is(:'v4_source'::uuid, :'v1'::uuid, 'source_version_id is v1');
select is(:'v4_note'::text, 'Back to v1', 'the note is kept');
select is(:'v4_by'::uuid, tests.uid('acme_publisher'), 'published_by is the caller');
select is(:'v4_hash'::text, encode(sha256(convert_to(tests.valid_definition(2)::text, 'UTF8')), 'hex'), 'hashed like any publish');
select isnt(:'v4'::uuid, :'v1'::uuid, 'a new row, not v1');

-- TEST: it is live; the counter moved
select tests.clear_authentication();
select results_eq(format($$select current_version_id, last_version_number from public.workflows where id = %L$$, :'wf'),
  format($$values (%L::uuid, 4)$$, :'v4'), 'current_version_id is v4 and the counter 4');

-- TEST: the draft is left alone
select results_eq(format($$select id, revision, definition from public.workflow_versions where workflow_id = %L and state = 'draft'$$, :'wf'),
  format($$values (%L::uuid, %s, '{"nodes": [], "edges": [], "wip": true}'::jsonb)$$, :'draft', :'draft_revision'),
  'the draft is untouched');

-- TEST: rolled_back is recorded
select results_eq(
  format($$select action::text, actor_id, version_id from public.workflow_version_events where workflow_id = %L and action = 'rolled_back'$$, :'wf'),
  format($$values ('rolled_back', %L::uuid, %L::uuid)$$, tests.uid('acme_publisher'), :'v4'),
  'one rolled_back event with actor and new version');

-- TEST: rolling back to the current version → PT409
select tests.authenticate_as('acme_owner');
select throws_ok(format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', :'v4'), 'PT409', null, 'rollback to the current version → PT409');

-- TEST: the owner may roll back (to v3)
select is((select version_number from public.rollback_workflow(workflow_id => :'wf', version_id => :'v3')), 5, 'owner rolls back to v3 → v5');

-- TEST: the version must be a published version of this workflow
select throws_ok(format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', :'other_v1'), 'PT404', null, 'a version of another workflow → PT404');
select throws_ok(format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', :'draft'), 'PT404', null, 'the draft → PT404');

-- TEST: who may not
select tests.authenticate_as('acme_editor');
select throws_ok(format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', :'v1'), '42501', null, 'editor → 42501');
select tests.authenticate_as('acme_viewer');
select throws_ok(format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', :'v1'), '42501', null, 'viewer → 42501');
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', :'v1'), 'PT404', null, 'member of another project → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', :'v1'), '42501', null, 'anon → 42501');

-- TEST: archived → PT409
select tests.authenticate_as('acme_publisher');
select public.archive_workflow(workflow_id => :'wf');
select throws_ok(format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', :'v1'), 'PT409', null, 'archived → PT409');

select * from finish();
rollback;
