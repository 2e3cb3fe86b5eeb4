-- A draft that starts as a copy of a published version (create_draft, revert_draft) takes that
-- version's stored verdict instead of validating the same definition again, when it is safe: the
-- definitions are equal and the verdict was computed with the same node types (and validator), as
-- recorded in problems_node_types (private.node_types_fingerprint()). Otherwise it is recomputed.
begin;
select plan(19);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 2) as v2 \gset

-- TEST: published versions keep their verdict and the fingerprint of the node types it was computed with
select is((select problems from public.workflow_versions where id = :'v2'),
  (select private.definition_problems(definition) from public.workflow_versions where id = :'v2'),
  'v2 keeps the verdict it was published with');
select is((select problems_node_types from public.workflow_versions where id = :'v2'), private.node_types_fingerprint(),
  'and the fingerprint of the node types it was validated with');

-- TEST: the fingerprint follows what validation depends on (types and triggers), not descriptions
select private.node_types_fingerprint() as fp0 \gset
update public.workflow_node_types set description = 'Calls an HTTP endpoint (changed)' where type = 'http_call';
select is(private.node_types_fingerprint(), :'fp0'::uuid, 'a new description keeps the fingerprint');
savepoint types;
update public.workflow_node_types set is_trigger = true where type = 'delay';
select isnt(private.node_types_fingerprint(), :'fp0'::uuid, 'a new trigger type changes it');
rollback to savepoint types;
savepoint types;
insert into public.workflow_node_types (type) values ('email');
select isnt(private.node_types_fingerprint(), :'fp0'::uuid, 'a new type changes it');
rollback to savepoint types;

-- A marker verdict on v1 and v2 (forged by the superuser behind the triggers' back) shows whether a
-- draft copied the stored verdict or validated again.
set local session_replication_role = replica;
update public.workflow_versions set problems = '{"errors": [], "warnings": [{"code": "marker", "message": "copied"}]}'
where id in (:'v1', :'v2');
set local session_replication_role = origin;

-- TEST: create_draft copies the verdict of the version it starts from
select tests.authenticate_as('acme_editor');
select d.id as draft, d.problems as draft_problems, d.problems_node_types as draft_fp from public.create_draft(workflow_id => :'wf') d \gset
select is(:'draft_problems'::jsonb -> 'warnings' -> 0 ->> 'code', 'marker', 'create_draft (from live) copies v2''s verdict');
select is(:'draft_fp'::uuid, :'fp0'::uuid, 'with its fingerprint');
select public.discard_draft(workflow_id => :'wf');
select is((public.create_draft(workflow_id => :'wf', from_version_id => :'v1')).problems -> 'warnings' -> 0 ->> 'code', 'marker',
  'create_draft from an older version copies that version''s verdict');

-- TEST: revert_draft copies the verdict too, into an existing draft and into a new one
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(7), expected_revision => 1);
select is((select problems -> 'warnings' from public.workflow_versions where workflow_id = :'wf' and state = 'draft'), '[]'::jsonb,
  'saving validates the new definition (no marker)');
select is((public.revert_draft(workflow_id => :'wf', version_id => :'v2')).problems -> 'warnings' -> 0 ->> 'code', 'marker',
  'revert_draft into the draft copies the verdict');
select public.discard_draft(workflow_id => :'wf');
select is((public.revert_draft(workflow_id => :'wf', version_id => :'v1')).problems -> 'warnings' -> 0 ->> 'code', 'marker',
  'revert_draft without a draft copies it too');
select public.discard_draft(workflow_id => :'wf');

-- TEST: after the node types changed, the copy is validated again
select tests.clear_authentication();
insert into public.workflow_node_types (type, description) values ('email', 'Sends an e-mail');
select tests.authenticate_as('acme_editor');
select d.problems as draft_problems, d.problems_node_types as draft_fp from public.create_draft(workflow_id => :'wf') d \gset
select tests.clear_authentication();
select is(:'draft_problems'::jsonb, (select private.definition_problems(definition) from public.workflow_versions where id = :'v2'),
  'new node types: the draft is validated again');
select is(:'draft_fp'::uuid, private.node_types_fingerprint(), 'and carries the new fingerprint');
select isnt(:'draft_fp'::uuid, :'fp0'::uuid, 'which differs from the old one');
delete from public.workflow_versions where workflow_id = :'wf' and state = 'draft';
delete from public.workflow_node_types where type = 'email';

-- TEST: a "copy" with another definition, or a verdict without a fingerprint, is validated
insert into public.workflow_versions (workflow_id, project_id, definition, base_version_id)
values (:'wf', :'project', tests.valid_definition(9), :'v2');
select is((select problems -> 'warnings' from public.workflow_versions where workflow_id = :'wf' and state = 'draft'), '[]'::jsonb,
  'a draft naming v2 as its base but holding another definition is validated');
delete from public.workflow_versions where workflow_id = :'wf' and state = 'draft';
set local session_replication_role = replica;
update public.workflow_versions set problems_node_types = null where id = :'v2';
set local session_replication_role = origin;
select tests.authenticate_as('acme_editor');
select is((public.create_draft(workflow_id => :'wf')).problems -> 'warnings', '[]'::jsonb,
  'a published verdict without a fingerprint is not trusted');
select tests.clear_authentication();

-- TEST: a fingerprint or verdict written by hand on a draft is recomputed
update public.workflow_versions set problems_node_types = gen_random_uuid() where workflow_id = :'wf' and state = 'draft';
select is((select problems_node_types from public.workflow_versions where workflow_id = :'wf' and state = 'draft'), private.node_types_fingerprint(),
  'a forged fingerprint is replaced');
update public.workflow_versions set problems = '{"errors": [], "warnings": [{"code": "marker"}]}', problems_node_types = :'fp0'
where workflow_id = :'wf' and state = 'draft';
select is((select problems -> 'warnings' from public.workflow_versions where workflow_id = :'wf' and state = 'draft'), '[]'::jsonb,
  'a forged verdict is replaced');

-- TEST: the copies are as correct as a fresh validation (no marker in real life)
select is((select count(*) from public.workflow_versions v
           where v.state = 'draft' and v.problems is distinct from private.definition_problems(v.definition)), 0::bigint,
  'every draft''s verdict equals validate_workflow_definition');

select * from finish();
rollback;
