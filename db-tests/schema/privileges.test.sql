-- Grants and function hygiene: clients read only, write only through RPCs; no mutable search_path.
begin;
select plan(14);

-- TEST: anon and authenticated hold no INSERT/UPDATE/DELETE/TRUNCATE privilege on any table of public
select is(
  (select array_agg(format('%s:%s:%s', r.rolname, c.relname, p.priv) order by format('%s:%s:%s', r.rolname, c.relname, p.priv))
   from pg_class c
   cross join (values ('anon'), ('authenticated')) as r(rolname)
   cross join (values ('INSERT'), ('UPDATE'), ('DELETE'), ('TRUNCATE')) as p(priv)
   where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm')
     and has_table_privilege(r.rolname, c.oid, p.priv)),
  null,
  'no write privilege on public tables for anon or authenticated');

-- TEST: no column-level write grant sneaks around it either
select is(
  (select array_agg(format('%s:%s.%s:%s', r.rolname, c.relname, a.attname, p.priv))
   from pg_class c
   join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
   cross join (values ('anon'), ('authenticated')) as r(rolname)
   cross join (values ('INSERT'), ('UPDATE')) as p(priv)
   where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
     and has_column_privilege(r.rolname, c.oid, a.attnum, p.priv)),
  null,
  'no column-level INSERT/UPDATE privilege for anon or authenticated');

-- TEST: authenticated may SELECT every table (RLS filters the rows)
select is(
  (select array_agg(c.relname::text order by c.relname::text) from pg_class c
   where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
     and not has_table_privilege('authenticated', c.oid, 'SELECT')),
  null,
  'authenticated has SELECT on every public table');

-- TEST: every function the project defines (public and helper schemas) pins search_path to ''
select is(
  (select array_agg(p.oid::regprocedure::text order by p.oid::regprocedure::text)
   from pg_proc p
   join pg_namespace n on n.oid = p.pronamespace
   where n.nspname not in ('pg_catalog', 'information_schema', 'auth', 'extensions', 'tests', 'supabase_migrations', 'pg_toast')
     and n.nspname not like 'pg_temp%' and n.nspname not like 'pg_toast_temp%'
     and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
     and not coalesce(p.proconfig && array['search_path=""', 'search_path='], false)),
  null,
  'every project function has search_path = '''' in its proconfig');

-- TEST: no function of public (RPCs, triggers, helpers) is executable by anon
select is(
  (select array_agg(p.oid::regprocedure::text order by p.oid::regprocedure::text)
   from pg_proc p
   where p.pronamespace = 'public'::regnamespace
     and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
     and has_function_privilege('anon', p.oid, 'EXECUTE')),
  null,
  'anon can execute no function in public');

-- TEST: the contract's RPCs exist with exactly the JSON argument names of the design
select results_eq(
  $$select p.proname::text collate "default",
           (select coalesce(string_agg(a.name::text, ',' order by a.ord), '') collate "default"
            from unnest(p.proargnames, coalesce(p.proargmodes, array_fill('i'::"char", array[p.pronargs])))
                 with ordinality as a(name, mode, ord)
            where a.mode in ('i', 'b', 'v'))
    from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and p.proname = any (tests.contract_rpcs())
    order by 1$$,
  $$values ('accept_invitation', 'invitation_id'),
           ('archive_workflow', 'workflow_id'),
           ('create_draft', 'workflow_id,from_version_id'),
           ('create_environment', 'project_id,name,deploy_role'),
           ('create_project', 'name'),
           ('create_workflow', 'project_id,name,description,definition'),
           ('decide_review', 'request_id,decision,comment'),
           ('decline_invitation', 'invitation_id'),
           ('deploy_version', 'workflow_id,version_id,environment,note'),
           ('diff_workflow_versions', 'from_version_id,to_version_id'),
           ('discard_draft', 'workflow_id,expected_revision'),
           ('duplicate_workflow', 'version_id,project_id,name'),
           ('export_workflow_version', 'version_id'),
           ('finish_run', 'run_id,status'),
           ('get_workflow_version', 'version_id'),
           ('import_workflow_definition', 'workflow_id,document,expected_revision'),
           ('invite_project_member', 'project_id,email,role'),
           ('list_my_invitations', ''),
           ('list_project_members', 'project_id'),
           ('list_publish_requests', 'project_id,state'),
           ('list_workflow_deployments', 'workflow_id'),
           ('list_workflow_runs', 'workflow_id,page_size,before'),
           ('list_workflow_versions', 'workflow_id,page_size,before_version'),
           ('publish_draft', 'workflow_id,expected_revision,note,environment'),
           ('remove_project_member', 'project_id,user_id'),
           ('replay_run', 'run_id'),
           ('request_review', 'workflow_id,expected_revision,note'),
           ('resolve_workflow', 'workflow_id,environment'),
           ('revert_draft', 'workflow_id,version_id,expected_revision'),
           ('revoke_invitation', 'invitation_id'),
           ('rollback_workflow', 'workflow_id,version_id,note'),
           ('save_draft', 'workflow_id,definition,expected_revision'),
           ('set_member_role', 'project_id,user_id,role'),
           ('set_project_settings', 'project_id,require_review'),
           ('start_run', 'workflow_id,environment'),
           ('update_workflow', 'workflow_id,name,description'),
           ('validate_workflow_definition', 'definition'),
           ('withdraw_review', 'request_id')$$,
  'each RPC exists once, with the contract''s argument names');

-- TEST: add_project_member is gone (invitations replace it): calling it is "function does not exist"
select is(tests.sqlstate_of($$select public.add_project_member(project_id => gen_random_uuid(), email => 'a@b.c', role => 'viewer')$$),
  '42883', 'add_project_member does not exist (42883; PostgREST answers 404)');

-- TEST: optional arguments have defaults (PostgREST callers may omit them)
select results_eq(
  $$select p.proname::text collate "default", p.pronargdefaults::int from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and p.proname in ('create_workflow', 'create_draft', 'publish_draft', 'revert_draft', 'discard_draft',
                        'rollback_workflow', 'list_workflow_versions', 'request_review', 'decide_review',
                        'list_publish_requests', 'create_environment', 'deploy_version', 'resolve_workflow',
                        'start_run', 'list_workflow_runs', 'update_workflow', 'duplicate_workflow',
                        'import_workflow_definition')
    order by 1$$,
  $$values ('create_draft', 1), ('create_environment', 1), ('create_workflow', 2), ('decide_review', 1),
           ('deploy_version', 1), ('discard_draft', 1), ('duplicate_workflow', 1), ('import_workflow_definition', 1),
           ('list_publish_requests', 1), ('list_workflow_runs', 2), ('list_workflow_versions', 2), ('publish_draft', 3),
           ('request_review', 1), ('resolve_workflow', 1), ('revert_draft', 1), ('rollback_workflow', 1),
           ('start_run', 1), ('update_workflow', 2)$$,
  'optional arguments of the contract have defaults');

-- TEST: authenticated may execute every RPC of the contract
select is(
  (select array_agg(p.proname::text order by p.proname::text) from pg_proc p
   where p.pronamespace = 'public'::regnamespace
     and p.proname = any (tests.contract_rpcs())
     and not has_function_privilege('authenticated', p.oid, 'EXECUTE')),
  null,
  'authenticated can execute every RPC');

-- TEST: trigger functions are not callable by clients (they are not API)
select is(
  (select array_agg(p.oid::regprocedure::text order by p.oid::regprocedure::text) from pg_proc p
   where p.pronamespace = 'public'::regnamespace and p.prorettype = 'trigger'::regtype
     and has_function_privilege('authenticated', p.oid, 'EXECUTE')),
  null,
  'no trigger function in public is executable by authenticated');

-- TEST: every security definer function pins search_path and is not executable by anon
select is(
  (select array_agg(p.oid::regprocedure::text order by p.oid::regprocedure::text) from pg_proc p
   join pg_namespace n on n.oid = p.pronamespace
   where p.prosecdef and n.nspname not in ('pg_catalog', 'auth', 'extensions', 'tests')
     and (has_function_privilege('anon', p.oid, 'EXECUTE')
          or not coalesce(p.proconfig && array['search_path=""', 'search_path='], false))),
  null,
  'security definer functions: search_path pinned, anon cannot execute');

-- TEST: helper schemas used by RLS are not exposed to anon
select is(
  (select array_agg(n.nspname::text order by n.nspname::text) from pg_namespace n
   where n.nspname not in ('public', 'extensions', 'auth', 'tests', 'pg_catalog', 'information_schema')
     and n.nspname not like 'pg\_%'
     and exists (select 1 from pg_proc p where p.pronamespace = n.oid)
     and exists (select 1 from pg_proc p where p.pronamespace = n.oid and has_function_privilege('anon', p.oid, 'EXECUTE'))
     and has_schema_privilege('anon', n.oid, 'USAGE')),
  null,
  'no helper schema lets anon execute its functions');

-- TEST: every RPC has a comment (they become the API docs)
select is(
  (select array_agg(p.proname::text order by p.proname::text) from pg_proc p
   where p.pronamespace = 'public'::regnamespace
     and p.proname = any (tests.contract_rpcs())
     and obj_description(p.oid, 'pg_proc') is null),
  null,
  'every RPC has a comment');

-- TEST: the run orchestrator's key (service_role) may execute the runtime RPCs, whose bodies admit it by its
-- role claim (the other RPCs refuse it for want of a user: db-tests/permissions/rpc_matrix.test.sql)
select is(
  (select array_agg(p.proname::text order by p.proname::text) from pg_proc p
   where p.pronamespace = 'public'::regnamespace
     and p.proname in ('resolve_workflow', 'start_run', 'finish_run', 'replay_run')
     and has_function_privilege('service_role', p.oid, 'EXECUTE')),
  array['finish_run', 'replay_run', 'resolve_workflow', 'start_run']::text[],
  'service_role may execute resolve_workflow, start_run, finish_run and replay_run');

select * from finish();
rollback;
