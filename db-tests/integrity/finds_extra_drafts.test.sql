-- check_workflow_integrity finds a second draft of a workflow (possible only once the partial unique
-- index is gone: dropped inside this test's transaction).
begin;
select plan(3);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');
select tests.clear_authentication();
select tests.draft_id(:'wf') as draft1 \gset

select is_empty(format('select * from public.check_workflow_integrity(%L)', :'wf'), 'one draft is fine');

-- TEST: two drafts → one row per draft
savepoint corrupt;
drop index public.idx_workflow_versions_one_draft;
insert into public.workflow_versions (workflow_id, project_id, state, definition, revision)
select workflow_id, project_id, 'draft', definition, 1 from public.workflow_versions where id = :'draft1'
returning id as draft2 \gset
select results_eq(
  format($$select version_id, check_name, detail from public.check_workflow_integrity(%L) order by version_id$$, :'wf'),
  format($$select id, 'one_draft', 'the workflow has 2 drafts; at most one is allowed' from (values (%L::uuid), (%L::uuid)) d(id) order by id$$,
         :'draft1', :'draft2'),
  'both drafts are reported');
rollback to savepoint corrupt;

select is_empty('select * from public.check_workflow_integrity()', 'healthy after rolling back');

select * from finish();
rollback;
