-- A draft carries draft_hash, the sha256 of its definition's text, computed by the database whenever the
-- definition is written (so publishing does not convert and hash it again): a value written by hand is
-- recomputed, a copy of a published version takes that version's hash, and publishing moves it to
-- definition_hash (published versions carry no draft_hash).
begin;
select plan(10);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.authenticate_as('acme_editor');
select (public.create_draft(workflow_id => :'wf')).id as draft \gset

-- TEST: a draft copied from the live version carries that version's hash
select is((select draft_hash from public.workflow_versions where id = :'draft'),
          (select definition_hash from public.workflow_versions where workflow_id = :'wf' and version_number = 1),
          'create_draft: the copy carries the hash of the version it copies');

-- TEST: a saved definition is hashed when it is written
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(5), expected_revision => 1);
select is((select draft_hash from public.workflow_versions where id = :'draft'),
          encode(sha256(convert_to(tests.valid_definition(5)::text, 'UTF8')), 'hex'),
          'save_draft: draft_hash = sha256 of the saved definition''s text');

-- TEST: a hash written by hand (the table owner) is recomputed, also with triggers off
select tests.clear_authentication();
update public.workflow_versions set draft_hash = repeat('0', 64) where id = :'draft';
select is((select draft_hash from public.workflow_versions where id = :'draft'),
          encode(sha256(convert_to(tests.valid_definition(5)::text, 'UTF8')), 'hex'),
          'owner: a forged draft_hash is recomputed');
set local session_replication_role = replica;
update public.workflow_versions set draft_hash = repeat('1', 64) where id = :'draft';
set local session_replication_role = origin;
select is((select draft_hash from public.workflow_versions where id = :'draft'),
          encode(sha256(convert_to(tests.valid_definition(5)::text, 'UTF8')), 'hex'),
          'owner with triggers off: a forged draft_hash is recomputed');

-- TEST: publishing moves it to definition_hash; the published version carries no draft_hash
select tests.authenticate_as('acme_publisher');
select v.id as v2 from public.publish_draft(workflow_id => :'wf') v \gset
select is((select definition_hash from public.workflow_versions where id = :'v2'),
          encode(sha256(convert_to(tests.valid_definition(5)::text, 'UTF8')), 'hex'),
          'publish_draft: definition_hash = sha256 of the definition''s text');
select is((select draft_hash from public.workflow_versions where id = :'v2'), null, 'published: no draft_hash');

-- TEST: a published version changed in the same statement that publishes it is hashed from its new text
select tests.authenticate_as('acme_editor');
select (public.create_draft(workflow_id => :'wf')).id as draft3 \gset
select tests.clear_authentication();
update public.workflow_versions
set definition = tests.valid_definition(7), state = 'published', version_number = 3, published_at = now(),
    published_by = tests.uid('acme_owner')
where id = :'draft3';
select is((select definition_hash from public.workflow_versions where id = :'draft3'),
          encode(sha256(convert_to(tests.valid_definition(7)::text, 'UTF8')), 'hex'),
          'owner: publishing and changing the definition at once hashes the new definition');
select is((select count(*) from public.check_workflow_integrity(:'wf') where check_name = 'definition_hash'), 0::bigint,
  'the integrity checker finds every hash right');

-- TEST: a "copy" whose definition is equal as JSON but written differently is not taken for a copy
-- (1.0 and 1.00 are equal jsonb values with different texts, so different hashes)
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');
select public.save_draft(workflow_id => :'wf', expected_revision => 1,
  definition => tests.valid_definition(2) || '{"settings": {"ratio": 1.0}}');
select tests.authenticate_as('acme_publisher');
select v.id as v4 from public.publish_draft(workflow_id => :'wf') v \gset
select tests.clear_authentication();
insert into public.workflow_versions (workflow_id, project_id, definition, base_version_id)
values (:'wf', :'project', tests.valid_definition(2) || '{"settings": {"ratio": 1.00}}', :'v4');
select is((select draft_hash from public.workflow_versions where workflow_id = :'wf' and state = 'draft'),
          encode(sha256(convert_to((tests.valid_definition(2) || '{"settings": {"ratio": 1.00}}')::text, 'UTF8')), 'hex'),
          'a definition equal to its base as JSON but not in text is hashed from its own text');
select isnt((select draft_hash from public.workflow_versions where workflow_id = :'wf' and state = 'draft'),
            (select definition_hash from public.workflow_versions where id = :'v4'),
            'so it does not carry its base''s hash');

select * from finish();
rollback;
