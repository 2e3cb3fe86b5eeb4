-- list_workflow_versions(workflow_id, page_size? = 50, before_version?): viewer+; the draft first (first
-- page only), then published versions newest first, with is_live; keyset pagination on version_number.
begin;
select plan(17);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 3) as wf \gset
select tests.authenticate_as('acme_editor');
select d.id as draft from public.create_draft(workflow_id => :'wf') d \gset

-- TEST: the result has every version column except definition, plus is_live, deployed_to and run_count
select is(
  (select array_agg(k order by n) from json_object_keys(
     (select row_to_json(l) from public.list_workflow_versions(workflow_id => :'wf') l limit 1)) with ordinality as t(k, n)),
  array['id', 'workflow_id', 'project_id', 'version_number', 'state', 'definition_hash', 'revision', 'base_version_id',
        'source_version_id', 'note', 'created_by', 'created_at', 'updated_at', 'published_by', 'published_at', 'is_live', 'deployed_to', 'run_count'],
  'columns: the version''s without definition, plus is_live, deployed_to and run_count');

-- TEST: order and is_live, as a viewer
select tests.authenticate_as('acme_viewer');
select results_eq(
  format($$select id, state::text, version_number, is_live from public.list_workflow_versions(workflow_id => %L)$$, :'wf'),
  format($$values (%L::uuid, 'draft', null::int, false), (%L::uuid, 'published', 3, true), (%L::uuid, 'published', 2, false), (%L::uuid, 'published', 1, false)$$,
         :'draft', tests.version_id(:'wf', 3), tests.version_id(:'wf', 2), tests.version_id(:'wf', 1)),
  'draft first, then 3, 2, 1; only 3 is live');

-- TEST: keyset pagination with before_version (no draft on later pages)
select results_eq(format($$select version_number from public.list_workflow_versions(workflow_id => %L, page_size => 2, before_version => 3)$$, :'wf'),
  $$values (2), (1)$$, 'before_version 3 → 2, 1');
select results_eq(format($$select version_number from public.list_workflow_versions(workflow_id => %L, page_size => 1, before_version => 3)$$, :'wf'),
  $$values (2)$$, 'page_size 1 before 3 → 2');
select results_eq(format($$select version_number from public.list_workflow_versions(workflow_id => %L, page_size => 1, before_version => 2)$$, :'wf'),
  $$values (1)$$, 'page_size 1 before 2 → 1');
select is_empty(format($$select 1 from public.list_workflow_versions(workflow_id => %L, before_version => 1)$$, :'wf'), 'before 1 → empty');
select is_empty(format($$select 1 from public.list_workflow_versions(workflow_id => %L, before_version => 3) where state = 'draft'$$, :'wf'),
  'the draft appears only on the first page');
select results_eq(format($$select version_number from public.list_workflow_versions(workflow_id => %L, before_version => 100)$$, :'wf'),
  $$values (3), (2), (1)$$, 'before a number above the last → all published, no draft');

-- TEST: page_size counts published versions; the draft comes on top of the first page (the migration's
-- reading of "draft first, only on the first page")
select results_eq(format($$select version_number from public.list_workflow_versions(workflow_id => %L, page_size => 2)$$, :'wf'),
  $$values (null::int), (3), (2)$$, 'page_size 2 → the draft, then 3 and 2');
select is((select count(*)::int from public.list_workflow_versions(workflow_id => :'wf', page_size => 200)), 4, 'page_size 200 is allowed');

-- TEST: is_live follows a rollback
select tests.authenticate_as('acme_publisher');
select public.rollback_workflow(workflow_id => :'wf', version_id => tests.version_id(:'wf', 1));
select results_eq(format($$select version_number from public.list_workflow_versions(workflow_id => %L) where is_live$$, :'wf'),
  $$values (4)$$, 'after a rollback the new version 4 is the live one');

-- TEST: page_size out of range → 22023
select throws_ok(format($$select * from public.list_workflow_versions(workflow_id => %L, page_size => 0)$$, :'wf'), '22023', null, 'page_size 0 → 22023');
select throws_ok(format($$select * from public.list_workflow_versions(workflow_id => %L, page_size => 201)$$, :'wf'), '22023', null, 'page_size 201 → 22023');
select throws_ok(format($$select * from public.list_workflow_versions(workflow_id => %L, page_size => -5)$$, :'wf'), '22023', null, 'negative page_size → 22023');

-- TEST: not visible = not found
select throws_ok(format($$select * from public.list_workflow_versions(workflow_id => %L)$$, gen_random_uuid()), 'PT404', null, 'unknown workflow → PT404');
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select * from public.list_workflow_versions(workflow_id => %L)$$, :'wf'), 'PT404', null, 'member of another project → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select * from public.list_workflow_versions(workflow_id => %L)$$, :'wf'), '42501', null, 'anon → 42501');

select * from finish();
rollback;
