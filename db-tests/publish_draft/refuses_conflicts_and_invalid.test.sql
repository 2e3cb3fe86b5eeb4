-- publish_draft error cases: nothing to publish, stale revision, invalid definition, archived, roles.
begin;
select plan(20);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset

-- TEST: a draft identical to the current version → PT409 "nothing to publish"
select tests.authenticate_as('acme_publisher');
select d.id as draft from public.create_draft(workflow_id => :'wf') d \gset
select tests.event_count(:'wf') as events_before \gset
select throws_ok(format($$select public.publish_draft(workflow_id => %L)$$, :'wf'), 'PT409', null, 'identical to current → PT409');
select isnt(tests.error_hint(format($$select public.publish_draft(workflow_id => %L)$$, :'wf')), '', 'with a hint');
select is(tests.draft_id(:'wf'), :'draft'::uuid, 'the draft is still there');

-- TEST: stale expected_revision → PT409
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(4), expected_revision => 1);
select throws_ok(format($$select public.publish_draft(workflow_id => %L, expected_revision => 1)$$, :'wf'), 'PT409', null, 'stale expected_revision → PT409');

-- TEST: an invalid definition → PT422 with every problem in DETAIL
select public.save_draft(workflow_id => :'wf', definition => '{
  "nodes": [{"id": "a", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "teleport"}},
            {"id": "b", "data": {"type": "schedule"}}],
  "edges": [{"id": "e1", "source": "a", "target": "ghost"}]}', expected_revision => 2);
select throws_ok(format($$select public.publish_draft(workflow_id => %L, expected_revision => 3)$$, :'wf'), 'PT422', null, 'invalid → PT422');
select is(jsonb_typeof(tests.error_detail(format($$select public.publish_draft(workflow_id => %L)$$, :'wf'))::jsonb), 'array',
  'DETAIL is a JSON array');
select ok(tests.codes(tests.error_detail(format($$select public.publish_draft(workflow_id => %L)$$, :'wf'))::jsonb)
          @> array['node_id_duplicate', 'node_type_unknown', 'trigger_multiple', 'edge_target_unknown'],
  'DETAIL lists all the problems at once');
select is(tests.error_detail(format($$select public.publish_draft(workflow_id => %L)$$, :'wf'))::jsonb,
          public.validate_workflow_definition((select definition from public.workflow_versions where id = :'draft')) -> 'errors',
  'DETAIL is the errors of validate_workflow_definition');

-- TEST: the default empty definition is not publishable (no trigger)
select public.save_draft(workflow_id => :'wf', definition => '{"nodes": [], "edges": []}', expected_revision => 3);
select ok(tests.codes(tests.error_detail(format($$select public.publish_draft(workflow_id => %L)$$, :'wf'))::jsonb) @> array['trigger_missing'],
  'an empty graph → PT422 with trigger_missing');

-- TEST: a definition without "nodes"/"edges" keys is not publishable either
select public.save_draft(workflow_id => :'wf', definition => '{"settings": {}}', expected_revision => 4);
select is(tests.outcome(format($$select public.publish_draft(workflow_id => %L)$$, :'wf')), 'PT422', 'no nodes/edges keys → PT422');
select public.save_draft(workflow_id => :'wf', definition => '{"nodes": [], "edges": []}', expected_revision => 5);

-- TEST: failed publishes changed nothing
select tests.clear_authentication();
select results_eq(format($$select last_version_number, current_version_id from public.workflows where id = %L$$, :'wf'),
  format($$values (1, %L::uuid)$$, tests.version_id(:'wf', 1)), 'counter and live version unchanged');
select is(tests.draft_id(:'wf'), :'draft'::uuid, 'the draft remains a draft');
select is(tests.event_count(:'wf'), :'events_before'::bigint + 5, 'only the five saves were recorded');

-- TEST: roles
select tests.authenticate_as('acme_editor');
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(5), expected_revision => 6);
select throws_ok(format($$select public.publish_draft(workflow_id => %L)$$, :'wf'), '42501', null, 'editor → 42501');
select tests.authenticate_as('acme_viewer');
select throws_ok(format($$select public.publish_draft(workflow_id => %L)$$, :'wf'), '42501', null, 'viewer → 42501');
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select public.publish_draft(workflow_id => %L)$$, :'wf'), 'PT404', null, 'member of another project → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select public.publish_draft(workflow_id => %L)$$, :'wf'), '42501', null, 'anon → 42501');
select tests.authenticate_as_service_role();
select throws_ok(format($$select public.publish_draft(workflow_id => %L)$$, :'wf'), '42501', null, 'service_role (no user) → 42501');

-- TEST: an archived workflow refuses publishing
select tests.authenticate_as('acme_publisher');
select public.archive_workflow(workflow_id => :'wf');
select throws_ok(format($$select public.publish_draft(workflow_id => %L)$$, :'wf'), 'PT409', null, 'archived → PT409');

-- TEST: the valid draft publishes as version 2 (numbers were not consumed by failures) — before archiving,
-- checked on a second workflow with the same history
select tests.setup_workflow('acme', 'Twin', 1) as twin \gset
select tests.authenticate_as('acme_publisher');
select public.create_draft(workflow_id => :'twin');
select public.save_draft(workflow_id => :'twin', definition => '{"nodes": [], "edges": []}', expected_revision => 1);
select tests.sqlstate_of(format($$select public.publish_draft(workflow_id => %L)$$, :'twin'));
select public.save_draft(workflow_id => :'twin', definition => tests.valid_definition(6), expected_revision => 2);
select is((select version_number from public.publish_draft(workflow_id => :'twin')), 2, 'after a failed publish the next is still 2');

select * from finish();
rollback;
