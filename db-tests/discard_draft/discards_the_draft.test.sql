-- discard_draft(workflow_id, expected_revision?): editor+; deletes the draft, returns nothing.
begin;
select plan(14);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset

select tests.authenticate_as('acme_editor');
select d.id as draft from public.create_draft(workflow_id => :'wf') d \gset
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(4), expected_revision => 1);

-- TEST: stale expected_revision → PT409 and the draft stays
select throws_ok(format($$select public.discard_draft(workflow_id => %L, expected_revision => 1)$$, :'wf'), 'PT409', null, 'stale expected_revision → PT409');
select is(tests.draft_id(:'wf'), :'draft'::uuid, 'the draft is still there');

-- TEST: who may not (the draft exists)
select tests.authenticate_as('acme_viewer');
select throws_ok(format($$select public.discard_draft(workflow_id => %L)$$, :'wf'), '42501', null, 'viewer → 42501');
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select public.discard_draft(workflow_id => %L)$$, :'wf'), 'PT404', null, 'member of another project → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select public.discard_draft(workflow_id => %L)$$, :'wf'), '42501', null, 'anon → 42501');
select is(tests.draft_id(:'wf'), :'draft'::uuid, 'refused discards left the draft');

-- TEST: the editor discards with the right revision; it returns void
select tests.authenticate_as('acme_editor');
select is(pg_typeof(public.discard_draft(workflow_id => :'wf', expected_revision => 2))::text, 'void', 'returns void');
select is(tests.draft_id(:'wf'), null, 'the draft is gone');

-- TEST: the published history and the live version are untouched
select tests.clear_authentication();
select results_eq(format($$select last_version_number, current_version_id from public.workflows where id = %L$$, :'wf'),
  format($$values (1, %L::uuid)$$, tests.version_id(:'wf', 1)), 'counter and live version unchanged');
select results_eq(
  format($$select action::text, actor_id, version_id from public.workflow_version_events where workflow_id = %L and action = 'draft_discarded'$$, :'wf'),
  format($$values ('draft_discarded', %L::uuid, %L::uuid)$$, tests.uid('acme_editor'), :'draft'),
  'one draft_discarded event with actor and draft id');

-- TEST: nothing to discard → refused (PT409 or PT404)
select tests.authenticate_as('acme_editor');
select ok(tests.sqlstate_of(format($$select public.discard_draft(workflow_id => %L)$$, :'wf')) in ('PT409', 'PT404'), 'no draft → PT409/PT404');
select throws_ok(format($$select public.discard_draft(workflow_id => %L)$$, gen_random_uuid()), 'PT404', null, 'unknown workflow → PT404');

-- TEST: an archived workflow refuses draft writes, discard included
select public.create_draft(workflow_id => :'wf');
select tests.authenticate_as('acme_publisher');
select public.archive_workflow(workflow_id => :'wf');
select throws_ok(format($$select public.discard_draft(workflow_id => %L)$$, :'wf'), 'PT409', null, 'archived → PT409');

-- TEST: a new draft after a discard starts again at revision 1
select tests.setup_workflow('acme', 'Second', 1) as wf2 \gset
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf2');
select public.discard_draft(workflow_id => :'wf2');
select is((select revision from public.create_draft(workflow_id => :'wf2')), 1, 'a fresh draft starts at revision 1');

select * from finish();
rollback;
