-- The draft carries its validation verdict (`problems`), computed by the same rules as
-- validate_workflow_definition on every write, and re-computed when the node types change.
begin;
select plan(7);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset

select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');

-- TEST: a new draft has a verdict equal to validate_workflow_definition's
select is(
  (select problems from public.workflow_versions where workflow_id = :'wf' and state = 'draft'),
  (select public.validate_workflow_definition(definition) - 'valid' from public.workflow_versions
   where workflow_id = :'wf' and state = 'draft'),
  'create_draft stores the verdict');

-- TEST: saving an invalid definition stores its errors, all of them
select public.save_draft(workflow_id => :'wf', expected_revision => 1,
  definition => '{"nodes": [{"id": "a", "data": {"type": "nope"}}], "edges": [{"id": "e", "source": "a", "target": "a"}]}');
select is(
  (select tests.codes(problems) from public.workflow_versions where workflow_id = :'wf' and state = 'draft'),
  (select tests.codes(public.validate_workflow_definition(
     '{"nodes": [{"id": "a", "data": {"type": "nope"}}], "edges": [{"id": "e", "source": "a", "target": "a"}]}'))),
  'save_draft stores every error');

-- TEST: publishing refuses the draft on its stored verdict
select tests.authenticate_as('acme_publisher');
select throws_ok(format($$select public.publish_draft(workflow_id => %L)$$, :'wf'), 'PT422', null, 'invalid draft → PT422');

-- TEST: fixing the draft clears the verdict, and it publishes
select tests.authenticate_as('acme_editor');
select public.save_draft(workflow_id => :'wf', expected_revision => 2, definition => tests.valid_definition(3));
select is(
  (select jsonb_array_length(problems -> 'errors') from public.workflow_versions where workflow_id = :'wf' and state = 'draft'),
  0, 'a valid definition has no errors');
select tests.authenticate_as('acme_publisher');
select is((public.publish_draft(workflow_id => :'wf')).version_number, 2, 'the fixed draft publishes as v2');

-- TEST: when the node types change, drafts are re-validated
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');
select tests.clear_authentication();
update public.workflow_node_types set is_trigger = false where type = 'webhook';
select ok(
  (select problems -> 'errors' @> '[{"code": "trigger_missing"}]' from public.workflow_versions where workflow_id = :'wf' and state = 'draft'),
  'a draft whose trigger type stops being a trigger gets trigger_missing');
select is(
  (select problems -> 'errors' from public.workflow_versions where workflow_id = :'wf' and state = 'published' and version_number = 2),
  '[]'::jsonb, 'published versions keep the verdict they were published with');

select * from finish();
rollback;
