-- Invariants held by constraints and triggers, checked with direct SQL as the table owner (who bypasses
-- the RPCs): one draft per workflow, unique gapless numbers, published ⇔ number/published_at/
-- published_by/hash, the 1 MiB limit, and current_version_id pointing at a published version of the
-- same workflow.
begin;
select plan(19);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.setup_workflow('acme', 'Other', 1) as other_wf \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 2) as v2, tests.version_id(:'other_wf', 1) as other_v1 \gset
select tests.uid('acme_owner') as owner_id \gset
select tests.authenticate_as('acme_editor');
select d.id as draft from public.create_draft(workflow_id => :'wf') d \gset
select tests.clear_authentication();

-- TEST: at most one draft per workflow
select throws_ok(format($$insert into public.workflow_versions (workflow_id, project_id) values (%L, %L)$$, :'wf', :'project'),
  '23505', null, 'a second draft → unique violation');

-- TEST: (workflow_id, version_number) is unique, and numbers are the counter's next
select throws_ok(format($$insert into public.workflow_versions (workflow_id, project_id, state, version_number, definition, definition_hash, published_at, published_by)
                          values (%L, %L, 'published', 2, '{}', repeat('a', 64), now(), %L)$$, :'wf', :'project', :'owner_id'),
  null::char(5), null, 'a duplicate version number is refused');
select throws_ok(format($$insert into public.workflow_versions (workflow_id, project_id, state, version_number, definition, definition_hash, published_at, published_by)
                          values (%L, %L, 'published', 5, '{}', repeat('a', 64), now(), %L)$$, :'wf', :'project', :'owner_id'),
  'PT409', null, 'skipping a number (gap) → PT409');
select throws_ok(format($$update public.workflows set last_version_number = 1 where id = %L$$, :'wf'), 'PT409', null, 'the counter never goes back');

-- TEST: published ⇔ number, published_at, published_by, hash
-- (the numbering trigger fills the hash in; with triggers off, the constraint alone must refuse)
set local session_replication_role = replica;
select throws_ok(format($$insert into public.workflow_versions (workflow_id, project_id, state, version_number, definition, published_at, published_by)
                          values (%L, %L, 'published', 3, '{}', now(), %L)$$, :'wf', :'project', :'owner_id'),
  '23514', null, 'published without hash → check violation');
set local session_replication_role = origin;
select throws_ok(format($$insert into public.workflow_versions (workflow_id, project_id, state, version_number, definition, definition_hash, published_at)
                          values (%L, %L, 'published', 3, '{}', encode(sha256('{}'), 'hex'), now())$$, :'wf', :'project'),
  '23514', null, 'published without published_by → check violation');
select throws_ok(format($$insert into public.workflow_versions (workflow_id, project_id, state, version_number, definition, definition_hash, published_by)
                          values (%L, %L, 'published', 3, '{}', encode(sha256('{}'), 'hex'), %L)$$, :'wf', :'project', :'owner_id'),
  '23514', null, 'published without published_at → check violation');
select throws_ok(format($$update public.workflow_versions set version_number = 3 where id = %L$$, :'draft'),
  null::char(5), null, 'a draft with a number is refused');
select throws_ok(format($$update public.workflow_versions set definition_hash = repeat('a', 64) where id = %L$$, :'draft'),
  '23514', null, 'a draft with a hash → check violation');

-- TEST: revision is positive; definition is an object of at most 1 MiB
select throws_ok(format($$update public.workflow_versions set revision = 0 where id = %L$$, :'draft'), '23514', null, 'revision 0 → check violation');
select throws_ok(format($$update public.workflow_versions set definition = '[]' where id = %L$$, :'draft'), '22023', null, 'a non-object definition → 22023');
select throws_ok(format($$update public.workflow_versions set definition = jsonb_build_object('blob', repeat('x', 1048576)) where id = %L$$, :'draft'),
  'PT413', null, 'a definition over 1 MiB → PT413, even for the table owner');

-- TEST: current_version_id points at a published version of the same workflow
select throws_ok(format($$update public.workflows set current_version_id = %L where id = %L$$, :'draft', :'wf'), 'PT409', null, 'current → the draft → PT409');
select throws_ok(format($$update public.workflows set current_version_id = %L where id = %L$$, :'other_v1', :'wf'), 'PT409', null, 'current → another workflow''s version → PT409');
select throws_ok(format($$update public.workflows set current_version_id = %L where id = %L$$, gen_random_uuid(), :'wf'), null::char(5), null, 'current → a missing version is refused');
set constraints all deferred;  -- the production pointer is checked apart (production_pointer.test.sql)
select lives_ok(format($$update public.workflows set current_version_id = %L where id = %L$$, :'v1', :'wf'), 'current → an older published version of the same workflow is allowed');

-- TEST: a version belongs to its workflow's project
select throws_ok(format($$insert into public.workflow_versions (workflow_id, project_id) values (%L, %L)$$, :'other_wf', tests.setup_project('globex')),
  '22023', null, 'project_id must match the workflow''s project');

-- TEST: the RPC path keeps every invariant for all rows
select is((select count(*)::int from public.workflows w where w.current_version_id is not null and not exists (
            select 1 from public.workflow_versions v where v.id = w.current_version_id and v.workflow_id = w.id and v.state = 'published')),
  0, 'no workflow points at a foreign or unpublished version');
select is((select count(*)::int from public.workflows w where w.last_version_number <> (
            select coalesce(max(v.version_number), 0) from public.workflow_versions v where v.workflow_id = w.id)),
  0, 'every counter equals the highest number');

select * from finish();
rollback;
