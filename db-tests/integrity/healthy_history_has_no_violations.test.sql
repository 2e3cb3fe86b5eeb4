-- check_workflow_integrity(workflow_id?): a history made only through the RPCs — publishes, a rollback,
-- reverts, a discarded draft, an archived workflow — has no violation, for all workflows and for one.
begin;
select plan(6);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 3) as wf \gset
select tests.setup_workflow('acme', 'Never published') as unpublished \gset
select tests.setup_workflow('acme', 'Archived', 1) as archived \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 2) as v2 \gset

select tests.authenticate_as('acme_publisher');
select public.rollback_workflow(workflow_id => :'wf', version_id => :'v1', note => 'back to v1');
select public.revert_draft(workflow_id => :'wf', version_id => :'v2');
select public.discard_draft(workflow_id => :'wf');
select public.revert_draft(workflow_id => :'wf', version_id => :'v2');
select public.archive_workflow(workflow_id => :'archived');
select tests.clear_authentication();

-- TEST: the history is what the checks expect (so an empty result means something)
select is(tests.version_numbers(:'wf'), array[1, 2, 3, 4], 'four published versions, numbered 1..4');
select isnt(tests.draft_id(:'wf'), null, 'and a draft');

-- TEST: no violations anywhere, nor for each workflow
select is_empty('select * from public.check_workflow_integrity()', 'no violation in the whole database');
select is_empty(format('select * from public.check_workflow_integrity(%L)', :'wf'), 'none for the rolled-back workflow');
select is_empty(format('select * from public.check_workflow_integrity(%L)', :'unpublished'), 'none for a workflow never published');
select is_empty(format('select * from public.check_workflow_integrity(workflow_id => %L)', :'archived'), 'none for an archived workflow');

select * from finish();
rollback;
