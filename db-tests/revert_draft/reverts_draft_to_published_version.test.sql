-- revert_draft(workflow_id, version_id, expected_revision?): editor+; the draft's definition becomes the
-- version's (creating the draft when there is none); source_version_id records it.
begin;
select plan(19);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.setup_workflow('acme', 'Other', 1) as other_wf \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 2) as v2, tests.version_id(:'other_wf', 1) as other_v1 \gset

-- TEST: no draft → revert creates one holding v1's definition
select tests.authenticate_as('acme_editor');
select d.id as draft, d.state as d_state, d.definition as d_definition, d.source_version_id as d_source, d.revision as d_revision
from public.revert_draft(workflow_id => :'wf', version_id => :'v1') d \gset
select is(:'d_state'::text, 'draft', 'a draft is returned');
select is(:'d_definition'::jsonb, tests.valid_definition(2), 'with v1''s definition');
select is(:'d_source'::uuid, :'v1'::uuid, 'source_version_id is v1');
select is(tests.draft_id(:'wf'), :'draft'::uuid, 'it is the workflow''s draft');

-- TEST: an existing draft is overwritten and its revision moves on
select d.revision as r_after_save from public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(7), expected_revision => :'d_revision'::int) d \gset
select d.id as draft_again, d.definition as d2_definition, d.source_version_id as d2_source, d.revision as d2_revision
from public.revert_draft(workflow_id => :'wf', version_id => :'v2', expected_revision => :'r_after_save'::int) d \gset
select is(:'draft_again'::uuid, :'draft'::uuid, 'the same draft row');
select is(:'d2_definition'::jsonb, tests.valid_definition(3), 'now holding v2''s definition');
select is(:'d2_source'::uuid, :'v2'::uuid, 'source_version_id is v2');
select is(:'d2_revision'::int, :'r_after_save'::int + 1, 'revision incremented');

-- TEST: stale expected_revision → PT409, unchanged
select throws_ok(format($$select public.revert_draft(workflow_id => %L, version_id => %L, expected_revision => %s)$$, :'wf', :'v1', :'r_after_save'),
  'PT409', null, 'stale expected_revision → PT409');
select is(tests.draft_revision(:'wf'), :'d2_revision'::int, 'revision unchanged after the conflict');

-- TEST: the version must be a published version of this workflow
select throws_ok(format($$select public.revert_draft(workflow_id => %L, version_id => %L)$$, :'wf', :'other_v1'), 'PT404', null, 'a version of another workflow → PT404');
select throws_ok(format($$select public.revert_draft(workflow_id => %L, version_id => %L)$$, :'wf', gen_random_uuid()), 'PT404', null, 'an unknown version → PT404');
select throws_ok(format($$select public.revert_draft(workflow_id => %L, version_id => %L)$$, :'wf', :'draft'), 'PT404', null, 'the draft itself is not a published version → PT404');

-- TEST: reverting consumed no version number; draft_reverted events with the actor
select tests.clear_authentication();
select is(tests.version_numbers(:'wf'), array[1, 2], 'no version was published');
select results_eq(
  format($$select action::text, actor_id, version_id, details ->> 'source_version_id' from public.workflow_version_events where workflow_id = %L and action = 'draft_reverted' order by id$$, :'wf'),
  format($$values ('draft_reverted', %1$L::uuid, %2$L::uuid, %3$L), ('draft_reverted', %1$L::uuid, %2$L::uuid, %4$L)$$, tests.uid('acme_editor'), :'draft', :'v1', :'v2'),
  'two draft_reverted events (actor, draft, source in details)');

-- TEST: who may not
select tests.authenticate_as('acme_viewer');
select throws_ok(format($$select public.revert_draft(workflow_id => %L, version_id => %L)$$, :'wf', :'v1'), '42501', null, 'viewer → 42501');
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select public.revert_draft(workflow_id => %L, version_id => %L)$$, :'wf', :'v1'), 'PT404', null, 'member of another project → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select public.revert_draft(workflow_id => %L, version_id => %L)$$, :'wf', :'v1'), '42501', null, 'anon → 42501');

-- TEST: archived workflow → PT409
select tests.authenticate_as('acme_publisher');
select public.archive_workflow(workflow_id => :'wf');
select throws_ok(format($$select public.revert_draft(workflow_id => %L, version_id => %L)$$, :'wf', :'v1'), 'PT409', null, 'archived → PT409');

select * from finish();
rollback;
