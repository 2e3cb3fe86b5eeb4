-- publish_draft(workflow_id, expected_revision?, note?): publisher+; validates, takes the next number,
-- moves current_version_id, leaves no draft, records the hash and a `published` event.
begin;
select plan(20);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake') as wf \gset
select tests.draft_id(:'wf') as draft \gset

select tests.authenticate_as('acme_editor');
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(2), expected_revision => 1);

-- TEST: a publisher publishes → version 1
select tests.authenticate_as('acme_publisher');
select v.id as v1, v.state as v1_state, v.version_number as v1_number, v.published_by as v1_by,
       v.published_at is not null as v1_has_published_at, v.note as v1_note, v.definition as v1_definition,
       v.definition_hash as v1_hash, v.workflow_id as v1_workflow
from public.publish_draft(workflow_id => :'wf', expected_revision => 2, note => 'First release') v \gset
select is(:'v1_state'::text, 'published', 'state published');
select is(:'v1_number'::int, 1, 'version number 1');
select is(:'v1_by'::uuid, tests.uid('acme_publisher'), 'published_by is the caller');
select ok(:'v1_has_published_at'::boolean, 'published_at is set');
select is(:'v1_note'::text, 'First release', 'the note is kept');
select is(:'v1_definition'::jsonb, tests.valid_definition(2), 'the definition is the draft''s');
select is(:'v1_workflow'::uuid, :'wf'::uuid, 'of this workflow');

-- TEST: definition_hash = sha256 hex of definition::text
select is(:'v1_hash'::text, encode(extensions.digest(convert_to(tests.valid_definition(2)::text, 'UTF8'), 'sha256'), 'hex'),
  'definition_hash is sha256 of definition::text');
select is(:'v1_hash'::text, encode(sha256(convert_to(:'v1_definition'::jsonb::text, 'UTF8')), 'hex'),
  'and matches encode(sha256(convert_to(definition::text, ''UTF8'')), ''hex'')');

-- TEST: the workflow points at it; no draft remains
select tests.clear_authentication();
select results_eq(format($$select current_version_id, last_version_number from public.workflows where id = %L$$, :'wf'),
  format($$values (%L::uuid, 1)$$, :'v1'), 'current_version_id is v1 and the counter is 1');
select is(tests.draft_id(:'wf'), null, 'no draft remains');
select results_eq(
  format($$select action::text, actor_id, version_id from public.workflow_version_events where workflow_id = %L and action = 'published'$$, :'wf'),
  format($$values ('published', %L::uuid, %L::uuid)$$, tests.uid('acme_publisher'), :'v1'),
  'one published event with actor and version');

-- TEST: expected_revision and note are optional; the owner may publish; numbers follow
select tests.authenticate_as('acme_owner');
select public.create_draft(workflow_id => :'wf');
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(3), expected_revision => 1);
select v.id as v2, v.version_number as v2_number, v.note is null as v2_no_note
from public.publish_draft(workflow_id => :'wf') v \gset
select is(:'v2_number'::int, 2, 'the next publish is version 2');
select ok(:'v2_no_note'::boolean, 'without a note, note is null');
select tests.clear_authentication();
select results_eq(format($$select current_version_id, last_version_number from public.workflows where id = %L$$, :'wf'),
  format($$values (%L::uuid, 2)$$, :'v2'), 'current_version_id moved to v2');

-- TEST: the older version is unchanged
select results_eq(format($$select state::text, version_number, definition, definition_hash from public.workflow_versions where id = %L$$, :'v1'),
  format($$values ('published', 1, %L::jsonb, %L)$$, tests.valid_definition(2), :'v1_hash'), 'v1 is unchanged');

-- TEST: an unknown workflow → PT404
select tests.authenticate_as('acme_publisher');
select throws_ok(format($$select public.publish_draft(workflow_id => %L)$$, gen_random_uuid()), 'PT404', null, 'unknown workflow → PT404');

-- TEST: without a draft there is nothing to publish
select isnt(tests.sqlstate_of(format($$select public.publish_draft(workflow_id => %L)$$, :'wf')), 'ok', 'no draft → refused');
select ok(tests.sqlstate_of(format($$select public.publish_draft(workflow_id => %L)$$, :'wf')) in ('PT409', 'PT404'),
  'no draft → PT409 (nothing to publish) or PT404 (no draft)');
select is(tests.version_numbers(:'wf'), array[1, 2], 'still versions 1 and 2');

select * from finish();
rollback;
