-- create_draft(workflow_id, from_version_id?): editor+. No draft: a new one from from_version_id or the
-- current version (or empty). A draft exists: returned unchanged without from_version_id, PT409 with one.
begin;
select plan(21);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.setup_workflow('acme', 'Other', 1) as other_wf \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 2) as v2, tests.version_id(:'other_wf', 1) as other_v1 \gset
select tests.event_count(:'wf') as events_before \gset

-- TEST: no draft after publishing; an editor creates one from the current version
select is(tests.draft_id(:'wf'), null, 'publishing left no draft');
select tests.authenticate_as('acme_editor');
select d.id as draft, d.state as draft_state, d.revision as draft_revision, d.definition as draft_definition,
       d.base_version_id as draft_base, d.version_number is null as draft_no_number, d.created_by as draft_created_by
from public.create_draft(workflow_id => :'wf') d \gset
select is(:'draft_state'::text, 'draft', 'state draft');
select ok(:'draft_no_number'::boolean, 'no version number');
select is(:'draft_revision'::int, 1, 'revision 1');
select is(:'draft_definition'::jsonb, tests.valid_definition(3), 'definition copied from the current version (v2)');
select is(:'draft_base'::uuid, :'v2'::uuid, 'base_version_id is the current version');
select is(:'draft_created_by'::uuid, tests.uid('acme_editor'), 'created_by is the caller');

-- TEST: one draft_created event
select tests.clear_authentication();
select results_eq(
  format($$select action::text, actor_id, version_id from public.workflow_version_events where workflow_id = %L and id > (select max(id) - 1 from public.workflow_version_events where workflow_id = %L)$$, :'wf', :'wf'),
  format($$values ('draft_created', %L::uuid, %L::uuid)$$, tests.uid('acme_editor'), :'draft'),
  'draft_created is recorded with actor and draft id');
select is(tests.event_count(:'wf'), :'events_before'::bigint + 1, 'exactly one event');

-- TEST: draft exists, no from_version_id → the same draft, unchanged, nothing recorded
select tests.authenticate_as('acme_editor');
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(5), expected_revision => 1);
select tests.event_count(:'wf') as events_mid \gset
select results_eq(
  format($$select id, revision, definition from public.create_draft(workflow_id => %L)$$, :'wf'),
  format($$values (%L::uuid, 2, %L::jsonb)$$, :'draft', tests.valid_definition(5)),
  'the existing draft is returned unchanged');
select is(tests.event_count(:'wf'), :'events_mid'::bigint, 'returning the existing draft records nothing');

-- TEST: draft exists and from_version_id given → PT409
select throws_ok(format($$select public.create_draft(workflow_id => %L, from_version_id => %L)$$, :'wf', :'v1'),
  'PT409', null, 'a draft already exists → PT409 when from_version_id is given');

-- TEST: from_version_id copies that published version
select public.discard_draft(workflow_id => :'wf');
select d.id as draft2, d.definition as draft2_definition, d.base_version_id as draft2_base
from public.create_draft(workflow_id => :'wf', from_version_id => :'v1') d \gset
select is(:'draft2_definition'::jsonb, tests.valid_definition(2), 'from_version_id: the draft holds v1''s definition');
select is(:'draft2_base'::uuid, :'v1'::uuid, 'base_version_id is the version it started from');
select public.discard_draft(workflow_id => :'wf');

-- TEST: from_version_id must be a published version of this workflow
select throws_ok(format($$select public.create_draft(workflow_id => %L, from_version_id => %L)$$, :'wf', :'other_v1'),
  'PT404', null, 'a version of another workflow → PT404');
select throws_ok(format($$select public.create_draft(workflow_id => %L, from_version_id => %L)$$, :'wf', gen_random_uuid()),
  'PT404', null, 'an unknown version → PT404');
select throws_ok(format($$select public.create_draft(workflow_id => %L)$$, gen_random_uuid()), 'PT404', null, 'unknown workflow → PT404');

-- TEST: a workflow never published and without a draft gets the empty definition
select w.id as fresh from public.create_workflow(project_id => :'project', name => 'Fresh') w \gset
select public.discard_draft(workflow_id => :'fresh');
select results_eq(format($$select definition, base_version_id from public.create_draft(workflow_id => %L)$$, :'fresh'),
  $$values ('{"nodes": [], "edges": []}'::jsonb, null::uuid)$$, 'never published: empty definition, no base');

-- TEST: who may not
select tests.authenticate_as('acme_viewer');
select throws_ok(format($$select public.create_draft(workflow_id => %L)$$, :'wf'), '42501', null, 'viewer → 42501');
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select public.create_draft(workflow_id => %L)$$, :'wf'), 'PT404', null, 'member of another project → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select public.create_draft(workflow_id => %L)$$, :'wf'), '42501', null, 'anon → 42501');

select * from finish();
rollback;
