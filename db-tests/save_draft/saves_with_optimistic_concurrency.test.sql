-- save_draft(workflow_id, definition, expected_revision): editor+; replaces the definition, revision + 1;
-- a stale expected_revision is a conflict and writes nothing.
begin;
select plan(27);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake') as wf \gset
select tests.draft_id(:'wf') as draft \gset

-- TEST: an editor saves at revision 1 → revision 2, same draft row
select tests.authenticate_as('acme_editor');
select d.id as saved_id, d.revision as saved_revision, d.definition as saved_definition, d.state as saved_state
from public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(2), expected_revision => 1) d \gset
select is(:'saved_id'::uuid, :'draft'::uuid, 'the same draft row');
select is(:'saved_revision'::int, 2, 'revision incremented to 2');
select is(:'saved_definition'::jsonb, tests.valid_definition(2), 'definition replaced');
select is(:'saved_state'::text, 'draft', 'still a draft');

-- TEST: each save increments the revision by one
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(3), expected_revision => 2);
select is(tests.draft_revision(:'wf'), 3, 'revision 3 after a second save');

-- TEST: a draft may hold an invalid graph (work in progress)
select lives_ok(format($$select public.save_draft(workflow_id => %L, definition => '{"nodes": [{"id": "x", "data": {"type": "nope"}}], "edges": [{"id": "e", "source": "x", "target": "x"}]}', expected_revision => 3)$$, :'wf'),
  'an invalid graph can be saved in a draft');
select is(tests.draft_revision(:'wf'), 4, 'revision 4');

-- TEST: stale expected_revision → PT409, and nothing changed
select tests.event_count(:'wf') as events_before \gset
select throws_ok(format($$select public.save_draft(workflow_id => %L, definition => '{"nodes": [], "edges": [], "stale": true}', expected_revision => 3)$$, :'wf'),
  'PT409', null, 'stale expected_revision → PT409');
select throws_ok(format($$select public.save_draft(workflow_id => %L, definition => '{"nodes": [], "edges": [], "stale": true}', expected_revision => 5)$$, :'wf'),
  'PT409', null, 'a revision from the future → PT409');
select ok(tests.error_hint(format($$select public.save_draft(workflow_id => %L, definition => '{}', expected_revision => 1)$$, :'wf')) <> '',
  'the conflict has a hint');
select is(tests.draft_revision(:'wf'), 4, 'revision unchanged after conflicts');
select ok(not ((select definition from public.workflow_versions where id = :'draft') ? 'stale'), 'definition unchanged after conflicts');
select is(tests.event_count(:'wf'), :'events_before'::bigint, 'conflicts recorded nothing');

-- TEST: bad arguments and size
select throws_ok(format($$select public.save_draft(workflow_id => %L, definition => null, expected_revision => 4)$$, :'wf'), '22023', null, 'null definition → 22023');
select throws_ok(format($$select public.save_draft(workflow_id => %L, definition => '[1, 2]', expected_revision => 4)$$, :'wf'), '22023', null,
  'a definition that is not an object → 22023');
select throws_ok(format($$select public.save_draft(workflow_id => %L, definition => jsonb_build_object('nodes', '[]'::jsonb, 'edges', '[]'::jsonb, 'blob', repeat('x', 1048576)), expected_revision => 4)$$, :'wf'),
  'PT413', null, 'definition over 1 MiB → PT413');
select is(tests.draft_revision(:'wf'), 4, 'revision unchanged after refused saves');
select throws_ok(format($$select public.save_draft(workflow_id => %L, definition => '{}', expected_revision => 1)$$, gen_random_uuid()), 'PT404', null, 'unknown workflow → PT404');
select throws_ok(format($$select public.save_draft(workflow_id => %L, definition => '{}', expected_revision => null)$$, :'wf'), '22023', null,
  'expected_revision is required → 22023 when null');

-- TEST: no draft to save into (published or discarded meanwhile) → refused, nothing created
select tests.setup_workflow('acme', 'Published', 1) as published_wf \gset
select ok(tests.sqlstate_of(format($$select public.save_draft(workflow_id => %L, definition => '{}', expected_revision => 1)$$, :'published_wf')) in ('PT409', 'PT404'),
  'save_draft without a draft → PT409 (or PT404)');
select is(tests.draft_id(:'published_wf'), null, 'and no draft was created');

-- TEST: draft_saved is recorded with the actor and the draft
select tests.clear_authentication();
select results_eq(
  format($$select action::text, actor_id, version_id from public.workflow_version_events where workflow_id = %L and action = 'draft_saved' order by id$$, :'wf'),
  format($$values ('draft_saved', %1$L::uuid, %2$L::uuid), ('draft_saved', %1$L::uuid, %2$L::uuid), ('draft_saved', %1$L::uuid, %2$L::uuid)$$, tests.uid('acme_editor'), :'draft'),
  'one draft_saved event per successful save');

-- TEST: publisher and owner may save
select tests.authenticate_as('acme_publisher');
select lives_ok(format($$select public.save_draft(workflow_id => %L, definition => tests.valid_definition(2), expected_revision => 4)$$, :'wf'), 'publisher may');
select tests.authenticate_as('acme_owner');
select lives_ok(format($$select public.save_draft(workflow_id => %L, definition => tests.valid_definition(3), expected_revision => 5)$$, :'wf'), 'owner may');

-- TEST: who may not
select tests.authenticate_as('acme_viewer');
select throws_ok(format($$select public.save_draft(workflow_id => %L, definition => '{}', expected_revision => 6)$$, :'wf'), '42501', null, 'viewer → 42501');
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select public.save_draft(workflow_id => %L, definition => '{}', expected_revision => 6)$$, :'wf'), 'PT404', null, 'member of another project → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select public.save_draft(workflow_id => %L, definition => '{}', expected_revision => 6)$$, :'wf'), '42501', null, 'anon → 42501');

select * from finish();
rollback;
