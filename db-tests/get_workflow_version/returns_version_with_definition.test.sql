-- get_workflow_version(version_id): viewer+; the version row with its definition.
begin;
select plan(9);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.authenticate_as('acme_editor');
select d.id as draft from public.save_draft(workflow_id => :'wf',
  definition => (select definition from public.create_draft(workflow_id => :'wf')) || '{"settings": {"retries": 3}}', expected_revision => 1) d \gset

-- TEST: a viewer reads a published version with its definition and hash
select tests.authenticate_as('acme_viewer');
select results_eq(
  format($$select id, version_number, state::text, definition, definition_hash from public.get_workflow_version(version_id => %L)$$, tests.version_id(:'wf', 1)),
  format($$values (%L::uuid, 1, 'published', %L::jsonb, %L)$$, tests.version_id(:'wf', 1), tests.valid_definition(2),
         encode(sha256(convert_to(tests.valid_definition(2)::text, 'UTF8')), 'hex')),
  'v1 with its definition and hash');

-- TEST: the draft is readable too
select results_eq(format($$select id, state::text, revision, definition -> 'settings' from public.get_workflow_version(version_id => %L)$$, :'draft'),
  format($$values (%L::uuid, 'draft', 2, '{"retries": 3}'::jsonb)$$, :'draft'), 'the draft with its definition');

-- TEST: every member role may read
select tests.authenticate_as('acme_owner');
select lives_ok(format($$select public.get_workflow_version(version_id => %L)$$, :'draft'), 'owner may');
select tests.authenticate_as('acme_publisher');
select lives_ok(format($$select public.get_workflow_version(version_id => %L)$$, :'draft'), 'publisher may');

-- TEST: unknown and invisible are the same PT404
select throws_ok(format($$select public.get_workflow_version(version_id => %L)$$, gen_random_uuid()), 'PT404', null, 'unknown id → PT404');
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select public.get_workflow_version(version_id => %L)$$, tests.version_id(:'wf', 1)), 'PT404', null, 'member of another project → PT404');
select throws_ok(format($$select public.get_workflow_version(version_id => %L)$$, :'draft'), 'PT404', null, 'another tenant''s draft → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select public.get_workflow_version(version_id => %L)$$, tests.version_id(:'wf', 1)), '42501', null, 'anon → 42501');
select tests.authenticate_as('acme_viewer');
select throws_ok($$select public.get_workflow_version(version_id => null)$$, '22023', null, 'null id → 22023');

select * from finish();
rollback;
