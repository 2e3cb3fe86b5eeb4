-- resolve_workflow stays O(1) in history length: every table it reads is reached through an index (the
-- workflow, the membership, the deployment, the version by primary key), never scanned. With sequential
-- scans disabled the planner still picks one when no index can serve a query, so a sequential scan counted
-- in this transaction's statistics would show a query that reads the history.
begin;
select plan(3);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Long history', 40) as wf \gset
select tests.setup_workflow('acme', 'Neighbour', 5) as neighbour \gset

set local enable_seqscan = off;
create temporary table scans_before as
  select relname, seq_scan from pg_stat_xact_user_tables where schemaname = 'public';

-- TEST: as a member and as the orchestrator, only index scans
select tests.authenticate_as('acme_viewer');
select is((public.resolve_workflow(workflow_id => :'wf')).version_number, 40, 'a viewer resolves v40');
select tests.authenticate_as_service_role();
select is((public.resolve_workflow(workflow_id => :'wf')).version_number, 40, 'the orchestrator resolves v40');
select tests.clear_authentication();
select is(
  (select array_agg(a.relname::text order by a.relname) from pg_stat_xact_user_tables a
   join scans_before b on b.relname = a.relname
   where a.schemaname = 'public' and a.seq_scan > b.seq_scan),
  null,
  'no table was scanned sequentially');

select * from finish();
rollback;
