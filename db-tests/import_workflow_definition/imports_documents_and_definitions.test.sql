-- import_workflow_definition: documents and bare definitions into the draft, hash checked, limits kept.
begin;
select plan(12);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.version_id(:'wf', 1) as v1 \gset
select tests.authenticate_as('acme_editor');
select public.export_workflow_version(version_id => :'v1') as doc \gset

-- TEST: without a draft, a bare definition creates one at revision 1 based on the latest version
select is((select row(revision, base_version_id)::text from public.import_workflow_definition(workflow_id => :'wf', document => tests.valid_definition(4))),
  row(1, :'v1'::uuid)::text, 'a new draft, based on v1');
select is((select jsonb_array_length(definition -> 'nodes') from workflow_versions where workflow_id = :'wf' and state = 'draft'), 4, 'with the imported definition');

-- TEST: it is audited as draft_saved (the importer becomes an author), marked imported
select is((select count(*)::int from workflow_version_events where workflow_id = :'wf' and action = 'draft_saved' and details ->> 'imported' = 'true'
             and actor_id = tests.uid('acme_editor')),
  1, 'one draft_saved event by the importer, marked imported');

-- TEST: with a draft, expected_revision is required and checked
select is(tests.sqlstate_of(format($$select public.import_workflow_definition(workflow_id => %L, document => %L)$$, :'wf', :'doc')), '22023', 'revision required');
select is(tests.sqlstate_of(format($$select public.import_workflow_definition(workflow_id => %L, document => %L, expected_revision => 7)$$, :'wf', :'doc')), 'PT409', 'stale revision');

-- TEST: a document imports its definition, revision + 1
select is((select revision from public.import_workflow_definition(workflow_id => :'wf', document => :'doc'::jsonb, expected_revision => 1)), 2, 'revision 2');
select is((select definition from workflow_versions where workflow_id = :'wf' and state = 'draft'),
  (select definition from workflow_versions where id = :'v1'), 'the document''s definition');

-- TEST: a document whose definition was edited after export is refused, nothing written
select is(tests.sqlstate_of(format($$select public.import_workflow_definition(workflow_id => %L, document => %L, expected_revision => 2)$$,
  :'wf', jsonb_set(:'doc'::jsonb, '{definition,settings}', '{"tampered": true}')::text)), '22023', 'hash mismatch refused');
select is((select revision from workflow_versions where workflow_id = :'wf' and state = 'draft'), 2, 'nothing written');

-- TEST: not an object; too large
select is(tests.sqlstate_of(format($$select public.import_workflow_definition(workflow_id => %L, document => '[1]', expected_revision => 2)$$, :'wf')), '22023', 'not an object');
select is(tests.sqlstate_of(format($$select public.import_workflow_definition(workflow_id => %L, document => jsonb_build_object('x', repeat('x', 1048577)), expected_revision => 2)$$, :'wf')), 'PT413', 'over 1 MiB');

-- TEST: an import is a draft change: it supersedes the open review request
select public.request_review(workflow_id => :'wf', expected_revision => 2);
select public.import_workflow_definition(workflow_id => :'wf', document => tests.valid_definition(5), expected_revision => 2);
select is((select state::text from publish_requests where workflow_id = :'wf'), 'superseded', 'the review request is superseded');

select * from finish();
rollback;
