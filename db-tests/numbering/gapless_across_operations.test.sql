-- Version numbers are 1, 2, 3… per workflow with no gap, whatever happens in between: publishes,
-- rollbacks, discarded drafts, reverts and failed publishes (invalid, stale, nothing to publish, archived).
begin;
select plan(14);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake') as wf \gset
select tests.setup_workflow('acme', 'Neighbour', 2) as neighbour \gset
select tests.authenticate_as('acme_publisher');

-- v1: a plain publish
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(2), expected_revision => 1);
select is((select version_number from public.publish_draft(workflow_id => :'wf')), 1, 'first publish → 1');

-- failed: invalid definition (PT422)
select public.create_draft(workflow_id => :'wf');
select public.save_draft(workflow_id => :'wf', definition => '{"nodes": [{"id": "a", "data": {"type": "delay"}}], "edges": []}', expected_revision => 1);
select is(tests.sqlstate_of(format($$select public.publish_draft(workflow_id => %L)$$, :'wf')), 'PT422', 'an invalid publish fails');

-- failed: stale revision (PT409)
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(3), expected_revision => 2);
select is(tests.sqlstate_of(format($$select public.publish_draft(workflow_id => %L, expected_revision => 2)$$, :'wf')), 'PT409', 'a stale publish fails');

-- v2 after the failures
select is((select version_number from public.publish_draft(workflow_id => :'wf', expected_revision => 3)), 2, 'the next publish is 2');

-- a discarded draft and a revert consume nothing
select public.create_draft(workflow_id => :'wf');
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(9), expected_revision => 1);
select public.discard_draft(workflow_id => :'wf');
select public.revert_draft(workflow_id => :'wf', version_id => tests.version_id(:'wf', 1));
select is(tests.version_numbers(:'wf'), array[1, 2], 'discard and revert published nothing');

-- v3 from the reverted draft (v1's definition: different from live v2, so publishable)
select is((select version_number from public.publish_draft(workflow_id => :'wf')), 3, 'publishing the reverted draft → 3');

-- failed: nothing to publish
select public.create_draft(workflow_id => :'wf');
select is(tests.sqlstate_of(format($$select public.publish_draft(workflow_id => %L)$$, :'wf')), 'PT409', 'nothing to publish fails');

-- failed: rollback to the current version; then v4 by rollback
select is(tests.sqlstate_of(format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', tests.version_id(:'wf', 3))), 'PT409',
  'rollback to current fails');
select is((select version_number from public.rollback_workflow(workflow_id => :'wf', version_id => tests.version_id(:'wf', 2))), 4, 'rollback → 4');

-- v5 by publishing the draft left alone by the rollback (it holds v3's definition, live is now v2's)
select is((select version_number from public.publish_draft(workflow_id => :'wf')), 5, 'publishing the draft kept through the rollback → 5');

-- failed: archived
select public.archive_workflow(workflow_id => :'wf');
select is(tests.sqlstate_of(format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', tests.version_id(:'wf', 1))), 'PT409',
  'rollback of an archived workflow fails');

-- TEST: the history is exactly 1..5, the counter is 5 and 5 is live
select tests.clear_authentication();
select is(tests.version_numbers(:'wf'), array[1, 2, 3, 4, 5], 'numbers 1..5, no gap, no duplicate');
select results_eq(format($$select last_version_number, current_version_id from public.workflows where id = %L$$, :'wf'),
  format($$values (5, %L::uuid)$$, tests.version_id(:'wf', 5)), 'counter 5, version 5 live');

-- TEST: numbering is per workflow
select is(tests.version_numbers(:'neighbour'), array[1, 2], 'the neighbour workflow has its own 1, 2');

select * from finish();
rollback;
