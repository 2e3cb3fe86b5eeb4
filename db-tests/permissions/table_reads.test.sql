-- Direct table reads (what PostgREST's GET /table would return) per caller: members see exactly their
-- projects' rows; strangers see only their own project; anon reads nothing; service_role and the
-- table owner bypass RLS.
begin;
select plan(18);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.setup_workflow('globex', 'Globex flow', 1) as gwf \gset
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');
select tests.clear_authentication();

-- the truth, counted as the table owner
select count(*) as acme_events from public.workflow_version_events where project_id = :'project' \gset
select count(*) as all_events from public.workflow_version_events \gset

-- TEST: each member role of acme sees acme's rows and nothing of globex
select results_eq(
  format($$select (select count(*)::int from public.projects), (select count(*)::int from public.projects where id = %1$L),
                  (select count(*)::int from public.project_members), (select count(*)::int from public.workflows),
                  (select count(*)::int from public.workflow_versions), (select count(*)::int from public.workflow_version_events),
                  (select count(*)::int from public.workflow_versions where project_id <> %1$L),
                  (select count(*)::int from public.workflow_node_types)$$, :'project'),
  format($$values (1, 1, 4, 1, 3, %s, 0, 8)$$, :'acme_events'),
  format('%s sees: 1 project, 4 members, 1 workflow, 3 versions (2 published + draft), its events, 8 node types', who))
from (values ('acme_viewer'), ('acme_editor'), ('acme_publisher'), ('acme_owner')) as r(who)
cross join lateral (select tests.authenticate_as(r.who)) as auth; -- PLAN+3

-- TEST: the stranger (owner of globex) sees only globex
select tests.authenticate_as('globex_owner');
select is_empty(format($$select 1 from public.projects where id = %L$$, :'project'), 'stranger: acme''s project is invisible');
select is_empty(format($$select 1 from public.project_members where project_id = %L$$, :'project'), 'stranger: acme''s members are invisible');
select is_empty(format($$select 1 from public.workflows where id = %L$$, :'wf'), 'stranger: acme''s workflow is invisible');
select is_empty(format($$select 1 from public.workflow_versions where workflow_id = %L$$, :'wf'), 'stranger: acme''s versions are invisible');
select is_empty(format($$select 1 from public.workflow_version_events where project_id = %L$$, :'project'), 'stranger: acme''s events are invisible');
select results_eq($$select (select count(*)::int from public.projects), (select count(*)::int from public.workflows), (select count(*)::int from public.workflow_versions)$$,
  $$values (1, 1, 1)$$, 'stranger sees their own project, workflow and version');

-- TEST: a signed-in user in no project sees nothing but the node types
select tests.create_user('loner');
select tests.authenticate_as('loner');
select results_eq($$select (select count(*)::int from public.projects), (select count(*)::int from public.project_members),
                          (select count(*)::int from public.workflows), (select count(*)::int from public.workflow_versions),
                          (select count(*)::int from public.workflow_version_events), (select count(*)::int from public.workflow_node_types)$$,
  $$values (0, 0, 0, 0, 0, 8)$$, 'a user in no project sees no rows (node types only)');

-- TEST: anon reads nothing: no SELECT privilege at all
select tests.authenticate_as_anon();
select ok(tests.sqlstate_of($$select 1 from public.projects$$) = '42501', 'anon: projects → 42501');
select ok(tests.sqlstate_of($$select 1 from public.workflow_node_types$$) = '42501', 'anon: workflow_node_types → 42501');
select ok(tests.sqlstate_of($$select 1 from public.project_members$$) = '42501', 'anon: project_members → 42501');
select ok(tests.sqlstate_of($$select 1 from public.workflows$$) = '42501', 'anon: workflows → 42501');
select ok(tests.sqlstate_of($$select 1 from public.workflow_versions$$) = '42501', 'anon: workflow_versions → 42501');
select ok(tests.sqlstate_of($$select 1 from public.workflow_version_events$$) = '42501', 'anon: workflow_version_events → 42501');

-- TEST: service_role bypasses RLS (BYPASSRLS) and reads everything
select tests.authenticate_as_service_role();
select results_eq($$select (select count(*)::int from public.projects), (select count(*)::int from public.workflows),
                          (select count(*)::int from public.workflow_version_events)$$,
  format($$values (2, 2, %s)$$, :'all_events'), 'service_role sees both tenants');

select * from finish();
rollback;
