-- A definition nests at most 64 levels of arrays and objects (the root object is level 1). Deeper is
-- refused on every write with 22023, a message and a hint: create_workflow, save_draft, and direct
-- INSERT/UPDATE of workflow_versions by the table owner (a trigger enabled ALWAYS, so turning triggers off
-- with session_replication_role does not help); validate_workflow_definition reports it the same way.
-- 64 levels are fine.
begin;
select plan(29);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake') as wf \gset
select tests.draft_id(:'wf') as draft \gset

-- TEST: the helper builds what it says (63, 64, 65 levels; a scalar in the innermost adds no level)
select is(jsonb_path_exists(tests.nested_definition(64), 'strict $.**{63}'), true, 'helper: 64 levels have something at level 64');
select is(jsonb_path_exists(tests.nested_definition(64), 'strict $.**{64}'), false, 'helper: …and nothing at level 65');
select is(tests.nested_definition(3, 'object', '1'), '{"nodes": [], "edges": [], "settings": {"a": {"x": 1}}}'::jsonb, 'helper: objects');

-- TEST: create_workflow and save_draft accept 64 levels (arrays and objects, with a scalar inside)
select tests.authenticate_as('acme_editor');
select lives_ok(format($$select public.create_workflow(project_id => %L, name => 'deep 64', definition => %L)$$, :'project', tests.nested_definition(64)),
  'create_workflow: 64 levels of arrays → accepted');
select lives_ok(format($$select public.save_draft(workflow_id => %L, definition => %L, expected_revision => 1)$$, :'wf', tests.nested_definition(64, 'object', '"leaf"')),
  'save_draft: 64 levels of objects with a scalar inside → accepted');
select lives_ok(format($$select public.save_draft(workflow_id => %L, definition => %L, expected_revision => 2)$$, :'wf', tests.nested_definition(63)),
  'save_draft: 63 levels → accepted');

-- TEST: 65 and 3,000 levels are refused with 22023, and nothing is written
select tests.event_count() as events_before \gset
select throws_ok(format($$select public.create_workflow(project_id => %L, name => 'deep 65', definition => %L)$$, :'project', tests.nested_definition(65)),
  '22023', null, 'create_workflow: 65 levels → 22023');
select throws_ok(format($$select public.create_workflow(project_id => %L, name => 'deep 3000', definition => %L)$$, :'project', tests.nested_definition(3000, 'object')),
  '22023', null, 'create_workflow: 3,000 levels of objects → 22023');
select throws_ok(format($$select public.save_draft(workflow_id => %L, definition => %L, expected_revision => 3)$$, :'wf', tests.nested_definition(65, 'object')),
  '22023', null, 'save_draft: 65 levels of objects → 22023');
select throws_ok(format($$select public.save_draft(workflow_id => %L, definition => %L, expected_revision => 3)$$, :'wf', tests.nested_definition(3000)),
  '22023', null, 'save_draft: 3,000 levels of arrays → 22023');
select throws_ok(format($$select public.save_draft(workflow_id => %L, definition => %L, expected_revision => 3)$$, :'wf', tests.nested_definition(65, 'array', '1')),
  '22023', null, 'save_draft: 65 levels with a scalar inside → 22023');
select is(tests.draft_revision(:'wf'), 3, 'the draft is unchanged');
select is(tests.event_count(), :'events_before'::bigint, 'refused writes record nothing');
select is((select count(*) from public.workflows where name like 'deep 65' or name like 'deep 3000'), 0::bigint, 'no workflow was created');

-- TEST: the error says what is wrong and what to do
select ok(tests.error_message(format($$select public.save_draft(workflow_id => %L, definition => %L, expected_revision => 3)$$, :'wf', tests.nested_definition(65)))
  ~ '64 levels', 'the message names the limit');
select lives_ok(format($$select tests._assert_hint(%L)$$, format($$select public.save_draft(workflow_id => %L, definition => %L, expected_revision => 3)$$, :'wf', tests.nested_definition(65))),
  'save_draft: with a message and a hint');

-- TEST: validate_workflow_definition reports it too (22023), and still validates 64 levels
select is(public.validate_workflow_definition(tests.nested_definition(64)) ->> 'valid', 'false', 'validate: 64 levels are validated (an empty graph is not valid)');
select throws_ok(format($$select public.validate_workflow_definition(%L)$$, tests.nested_definition(65)), '22023', null, 'validate: 65 levels → 22023');
select throws_ok(format($$select public.validate_workflow_definition(%L)$$, tests.nested_definition(3000, 'object')), '22023', null, 'validate: 3,000 levels → 22023');
select lives_ok(format($$select tests._assert_hint(%L)$$, format($$select public.validate_workflow_definition(%L)$$, tests.nested_definition(65))),
  'validate: with a message and a hint');

-- TEST: direct writes by the table owner are refused too, even with triggers off
select tests.clear_authentication();
select throws_ok(format($$update public.workflow_versions set definition = %L where id = %L$$, tests.nested_definition(65), :'draft'),
  '22023', null, 'owner: UPDATE of a draft to 65 levels → 22023');
select lives_ok(format($$insert into public.workflows (id, project_id, name) values ('00000000-0000-4000-8000-000000000001', %L, 'direct')$$, :'project'),
  'owner: a workflow for direct inserts');
select throws_ok(format($$insert into public.workflow_versions (workflow_id, project_id, definition) values ('00000000-0000-4000-8000-000000000001', %L, %L)$$, :'project', tests.nested_definition(65)),
  '22023', null, 'owner: INSERT of a 65-level draft → 22023');
select lives_ok(format($$insert into public.workflow_versions (workflow_id, project_id, definition) values ('00000000-0000-4000-8000-000000000001', %L, %L)$$, :'project', tests.nested_definition(64)),
  'owner: INSERT of a 64-level draft → accepted');
set local session_replication_role = replica;
select throws_ok(format($$update public.workflow_versions set definition = %L where workflow_id = '00000000-0000-4000-8000-000000000001'$$, tests.nested_definition(3000)),
  '22023', null, 'owner with triggers off: UPDATE to 3,000 levels → 22023 (an ALWAYS trigger)');
select throws_ok(format($$insert into public.workflow_versions (workflow_id, project_id, state, version_number, definition, definition_hash, published_at, published_by)
                          values (%L, %L, 'published', 1, %L, repeat('a', 64), now(), %L)$$, :'wf', :'project', tests.nested_definition(65), tests.uid('acme_owner')),
  '22023', null, 'owner with triggers off: INSERT of a 65-level published version → 22023');
set local session_replication_role = origin;
select lives_ok(format($$select tests._assert_hint(%L)$$, format($$update public.workflow_versions set definition = %L where id = %L$$, tests.nested_definition(65), :'draft')),
  'owner: with a message and a hint');

-- TEST: the limits are declared on the table (visible to anyone reading the schema): an ALWAYS trigger that
-- fires whenever a statement writes the definition
select ok((select (select attnum from pg_attribute where attrelid = 'public.workflow_versions'::regclass and attname = 'definition') = any (tgattr)
           from pg_trigger where tgrelid = 'public.workflow_versions'::regclass and tgname = '_015_check_definition'),
  '_015_check_definition fires on every write of the definition column');
select is((select tgenabled::text from pg_trigger where tgrelid = 'public.workflow_versions'::regclass and tgname = '_015_check_definition'),
  'A', '_015_check_definition fires ALWAYS (also with session_replication_role = replica)');

select * from finish();
rollback;
