-- list_workflow_runs(workflow_id, page_size? = 50, before? uuid): runs newest first with version_number;
-- keyset pagination on (started_at, id), `before` = the last run id of the previous page. Viewers and up.
begin;
select plan(13);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.setup_workflow('acme', 'Other', 1) as other \gset
select tests.authenticate_as_service_role();
-- five runs: r1..r3 on v2; then v1 is deployed back; r4, r5 on v1 (times forced apart below)
select (public.start_run(workflow_id => :'wf')).run_id as r1 \gset
select (public.start_run(workflow_id => :'wf')).run_id as r2 \gset
select (public.start_run(workflow_id => :'wf')).run_id as r3 \gset
select tests.authenticate_as('acme_publisher');
select public.deploy_version(workflow_id => :'wf', version_id => tests.version_id(:'wf', 1), environment => 'production');
select tests.authenticate_as_service_role();
select (public.start_run(workflow_id => :'wf')).run_id as r4 \gset
select (public.start_run(workflow_id => :'wf')).run_id as r5 \gset
select (public.start_run(workflow_id => :'other')).run_id as other_run \gset
select public.finish_run(run_id => :'r2', status => 'succeeded');
select tests.clear_authentication();
-- r3 and r4 start at the same instant: the id breaks the tie
update public.workflow_runs set started_at = now() - interval '3 days' where id = :'r1';
update public.workflow_runs set started_at = now() - interval '2 days', finished_at = now() - interval '2 days' + interval '5 seconds' where id = :'r2';
update public.workflow_runs set started_at = now() - interval '1 day' where id in (:'r3', :'r4');
update public.workflow_runs set started_at = now() - interval '1 hour' where id = :'r5';
select case when :'r3'::uuid > :'r4'::uuid then :'r3' else :'r4' end as tie_hi,
       case when :'r3'::uuid > :'r4'::uuid then :'r4' else :'r3' end as tie_lo \gset

-- TEST: the columns: every run column plus version_number
select tests.authenticate_as('acme_viewer');
select is(
  (select array_agg(k order by n) from json_object_keys(
     (select row_to_json(l) from public.list_workflow_runs(workflow_id => :'wf') l limit 1)) with ordinality as t(k, n)),
  array['id', 'project_id', 'workflow_id', 'version_id', 'environment', 'status', 'replay_of', 'started_by', 'started_at',
        'finished_at', 'version_number'],
  'the run''s columns, plus version_number');

-- TEST: newest first, with the version each ran, only this workflow's runs
select results_eq(format($$select id, version_number, status::text from public.list_workflow_runs(workflow_id => %L)$$, :'wf'),
  format($$values (%L::uuid, 1, 'running'), (%L::uuid, %s, 'running'), (%L::uuid, %s, 'running'), (%L::uuid, 2, 'succeeded'), (%L::uuid, 2, 'running')$$,
         :'r5', :'tie_hi', case when :'tie_hi' = :'r4' then 1 else 2 end, :'tie_lo', case when :'tie_lo' = :'r4' then 1 else 2 end, :'r2', :'r1'),
  'r5, then r3/r4 (same instant, higher id first), r2, r1');

-- TEST: keyset pages: before = the last id of the previous page
select results_eq(format($$select id from public.list_workflow_runs(workflow_id => %L, page_size => 2)$$, :'wf'),
  format($$values (%L::uuid), (%L::uuid)$$, :'r5', :'tie_hi'), 'page 1');
select results_eq(format($$select id from public.list_workflow_runs(workflow_id => %L, page_size => 2, before => %L)$$, :'wf', :'tie_hi'),
  format($$values (%L::uuid), (%L::uuid)$$, :'tie_lo', :'r2'), 'page 2 starts after the tie, without losing its other half');
select results_eq(format($$select id from public.list_workflow_runs(workflow_id => %L, page_size => 2, before => %L)$$, :'wf', :'r2'),
  format($$values (%L::uuid)$$, :'r1'), 'page 3');
select is_empty(format($$select 1 from public.list_workflow_runs(workflow_id => %L, before => %L)$$, :'wf', :'r1'), 'nothing before the first run');
select is((select count(*)::int from public.list_workflow_runs(workflow_id => :'other')), 1, 'the other workflow has its one run');

-- TEST: bad arguments → 22023
select throws_ok(format($$select * from public.list_workflow_runs(workflow_id => %L, page_size => 0)$$, :'wf'), '22023', null, 'page_size 0 → 22023');
select throws_ok(format($$select * from public.list_workflow_runs(workflow_id => %L, page_size => 201)$$, :'wf'), '22023', null, 'page_size 201 → 22023');
select throws_ok(format($$select * from public.list_workflow_runs(workflow_id => %L, before => %L)$$, :'wf', :'other_run'), '22023', null,
  'before = a run of another workflow → 22023');

-- TEST: not visible = not found; service_role and anon need a user for reads
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select * from public.list_workflow_runs(workflow_id => %L)$$, :'wf'), 'PT404', null, 'member of another project → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select * from public.list_workflow_runs(workflow_id => %L)$$, :'wf'), '42501', null, 'anon → 42501');
select tests.authenticate_as_service_role();
select throws_ok(format($$select * from public.list_workflow_runs(workflow_id => %L)$$, :'wf'), '42501', null, 'service_role → 42501');

select * from finish();
rollback;
