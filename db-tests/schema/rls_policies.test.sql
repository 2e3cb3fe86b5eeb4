-- Row level security policies: one SELECT policy per table, for authenticated only, with the
-- initplan-friendly `(select auth.uid())` form; no write policies at all (writes go through RPCs).
begin;
select plan(6);

-- TEST: every table of public has exactly one policy, a SELECT policy to authenticated
select results_eq(
  $$select c.relname::text collate "default", count(p.polname)::int,
           bool_and(p.polcmd = 'r'), bool_and(p.polroles = array['authenticated'::regrole::oid])
    from pg_class c left join pg_policy p on p.polrelid = c.oid
    where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
    group by c.relname order by 1$$,
  $$values ('project_environments', 1, true, true), ('project_invitations', 1, true, true), ('project_members', 1, true, true),
           ('projects', 1, true, true), ('publish_requests', 1, true, true), ('workflow_deployments', 1, true, true),
           ('workflow_node_types', 1, true, true), ('workflow_runs', 1, true, true),
           ('workflow_version_events', 1, true, true), ('workflow_versions', 1, true, true), ('workflows', 1, true, true)$$,
  'one SELECT policy to authenticated per table');

-- TEST: no INSERT, UPDATE, DELETE or ALL policy anywhere in public
select is_empty($$select 1 from pg_policies where schemaname = 'public' and cmd <> 'SELECT'$$, 'no write policies');

-- TEST: policies call auth.uid() wrapped in a sub-select (evaluated once per statement), never bare
select is_empty(
  $$select policyname from pg_policies where schemaname = 'public'
    and qual ~ 'auth\.uid\(\)' and qual !~ '\( SELECT auth\.uid\(\)'$$,
  'auth.uid() only as (select auth.uid())');

-- TEST: security definer functions in public other than the contract's RPCs (operator tools such as
-- check_workflow_integrity) are not callable by clients
select is(
  (select array_agg(p.proname::text order by p.proname::text) from pg_proc p
   where p.pronamespace = 'public'::regnamespace and p.prosecdef
     and p.proname <> all (tests.contract_rpcs())
     and (has_function_privilege('anon', p.oid, 'EXECUTE') or has_function_privilege('authenticated', p.oid, 'EXECUTE'))),
  null, 'no other security definer function in public is executable by anon or authenticated');

-- TEST: the contract's RPCs are security definer (each checks the caller itself); listed so a change is deliberate
select is(
  (select array_agg(p.proname::text order by p.proname::text) from pg_proc p
   where p.pronamespace = 'public'::regnamespace and p.prosecdef
     and p.proname = any (tests.contract_rpcs())),
  (select array_agg(r order by r) from unnest(tests.contract_rpcs()) r),
  'the security definer RPCs');

-- TEST: helper functions live in a schema PostgREST does not expose, without USAGE for anon
select ok(not has_schema_privilege('anon', 'private', 'USAGE'), 'anon has no USAGE on private');

select * from finish();
rollback;
