-- A published version is never updated or deleted, by anyone: the table owner (postgres, an operator with
-- psql), service_role and signed-in users. TRUNCATE of workflow_versions is refused too.
begin;
select plan(19);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.version_id(:'wf', 1) as v1 \gset
select definition_hash as v1_hash, definition as v1_definition from public.workflow_versions where id = :'v1' \gset

-- TEST: the table owner (postgres, superuser here) is refused by the triggers with PT409
select throws_ok(format($$update public.workflow_versions set note = 'edited' where id = %L$$, :'v1'), 'PT409', null, 'postgres: update note → PT409');
select throws_ok(format($$update public.workflow_versions set definition = '{"nodes": [], "edges": []}' where id = %L$$, :'v1'), 'PT409', null, 'postgres: update definition → PT409');
select throws_ok(format($$update public.workflow_versions set state = 'draft', version_number = null, published_at = null, published_by = null, definition_hash = null where id = %L$$, :'v1'),
  'PT409', null, 'postgres: turning it back into a draft → PT409');
select throws_ok(format($$update public.workflow_versions set version_number = 7 where id = %L$$, :'v1'), 'PT409', null, 'postgres: renumber → PT409');
select throws_ok(format($$delete from public.workflow_versions where id = %L$$, :'v1'), 'PT409', null, 'postgres: delete → PT409');
select throws_ok(format($$update public.workflow_versions set note = note where workflow_id = %L$$, :'wf'), 'PT409', null, 'postgres: a no-op bulk update → PT409');
-- (TRUNCATE refuses tables with pending trigger events: run the fixtures' deferred checks first, as their
-- commit would have.)
set constraints all immediate;
select throws_ok($$truncate public.workflow_versions cascade$$, 'PT409', null, 'postgres: truncate → PT409');
set constraints all deferred;
select ok(tests.error_message(format($$delete from public.workflow_versions where id = %L$$, :'v1')) ~ :'wf'
          and tests.error_message(format($$delete from public.workflow_versions where id = %L$$, :'v1')) ~* 'version 1',
  'the message names the immutable row (workflow and version number)');
select isnt(tests.error_hint(format($$delete from public.workflow_versions where id = %L$$, :'v1')), '', 'with a hint');

-- TEST: service_role (BYPASSRLS) has no write grant: 42501 before any trigger
select tests.authenticate_as_service_role();
select throws_ok(format($$update public.workflow_versions set note = 'edited' where id = %L$$, :'v1'), '42501', null, 'service_role: update → 42501');
select throws_ok(format($$delete from public.workflow_versions where id = %L$$, :'v1'), '42501', null, 'service_role: delete → 42501');
select throws_ok($$truncate public.workflow_versions cascade$$, '42501', null, 'service_role: truncate → 42501');

-- TEST: signed-in members (even the owner) have no write grant: 42501
select tests.authenticate_as('acme_owner');
select throws_ok(format($$update public.workflow_versions set note = 'edited' where id = %L$$, :'v1'), '42501', null, 'owner: update → 42501');
select throws_ok(format($$delete from public.workflow_versions where id = %L$$, :'v1'), '42501', null, 'owner: delete → 42501');
select throws_ok($$truncate public.workflow_versions cascade$$, '42501', null, 'owner: truncate → 42501');

-- TEST: the row is exactly as published
select tests.clear_authentication();
select results_eq(format($$select state::text, version_number, definition, definition_hash, note from public.workflow_versions where id = %L$$, :'v1'),
  format($$values ('published', 1, %L::jsonb, %L, 'v1')$$, :'v1_definition', :'v1_hash'), 'v1 is untouched');
select is(tests.version_numbers(:'wf'), array[1, 2], 'both versions are still there');

-- TEST: the hash still proves the definition
select is((select count(*)::int from public.workflow_versions where state = 'published'
           and definition_hash <> encode(sha256(convert_to(definition::text, 'UTF8')), 'hex')), 0,
  'every published row''s hash matches its definition');

-- TEST: the draft stays editable for the owner of the table (drafts are not history)
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');
select tests.clear_authentication();
select lives_ok(format($$update public.workflow_versions set note = 'operator note' where workflow_id = %L and state = 'draft'$$, :'wf'),
  'postgres may still update a draft row');

select * from finish();
rollback;
