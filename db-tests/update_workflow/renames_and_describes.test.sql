-- update_workflow: rename and describe, editors and up, audited once, limits checked, archived frozen.
begin;
select plan(12);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.setup_workflow('acme', 'Old', 1) as archived \gset
select tests.authenticate_as('acme_publisher');
select public.archive_workflow(workflow_id => :'archived');

-- TEST: an editor renames; the name is trimmed; the description is kept
select tests.authenticate_as('acme_editor');
select is((select name from public.update_workflow(workflow_id => :'wf', name => '  Order intake v2 ')), 'Order intake v2', 'renamed, trimmed');

-- TEST: one workflow_updated event, recording before and after
select is((select details from workflow_version_events where workflow_id = :'wf' and action = 'workflow_updated'),
  '{"name": {"after": "Order intake v2", "before": "Order intake"}}'::jsonb, 'audited with before and after');

-- TEST: the description is set, then cleared with ""
select is((select description from public.update_workflow(workflow_id => :'wf', description => 'Takes orders')), 'Takes orders', 'described');
select is((select description from public.update_workflow(workflow_id => :'wf', description => '')), null, '"" clears the description');

-- TEST: no change writes no event
select is((select count(*)::int from workflow_version_events where workflow_id = :'wf' and action = 'workflow_updated'), 3, 'three changes, three events');
select public.update_workflow(workflow_id => :'wf', name => 'Order intake v2');
select is((select count(*)::int from workflow_version_events where workflow_id = :'wf' and action = 'workflow_updated'), 3, 'an unchanged name writes nothing');

-- TEST: bad arguments are 22023 and change nothing
select is(tests.sqlstate_of(format($$select public.update_workflow(workflow_id => %L)$$, :'wf')), '22023', 'nothing to update');
select is(tests.sqlstate_of(format($$select public.update_workflow(workflow_id => %L, name => %L)$$, :'wf', repeat('x', 201))), '22023', 'name over 200 characters');
select is(tests.sqlstate_of(format($$select public.update_workflow(workflow_id => %L, name => E' \t')$$, :'wf')), '22023', 'white-space-only name');
select is((select name from workflows where id = :'wf'), 'Order intake v2', 'the name is unchanged after refusals');

-- TEST: archived workflows refuse it; viewers and strangers too
select is(tests.sqlstate_of(format($$select public.update_workflow(workflow_id => %L, name => 'x')$$, :'archived')), 'PT409', 'archived');
select is(tests.outcome_as('acme_viewer', format($$select public.update_workflow(workflow_id => %L, name => 'x')$$, :'wf')), '42501', 'viewer refused');

select * from finish();
rollback;
