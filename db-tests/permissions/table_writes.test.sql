-- Direct table writes are refused to API roles: anon, a signed-in member (the project owner, the most
-- powerful client) and service_role get 42501 for INSERT, UPDATE, DELETE and TRUNCATE on every table.
-- Every write goes through the RPCs.
begin;
select plan(133);

select tests.setup_project('acme') as project \gset
select tests.create_user('newbie') as newbie \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.save_as('acme_editor', :'wf', tests.valid_definition(4));
select tests.request_review_as('acme_editor', :'wf') as req \gset
select tests.invite('acme', 'invited@x.example') as inv \gset
select tests.version_id(:'wf', 1) as v1 \gset
select tests.authenticate_as_service_role();
select public.start_run(workflow_id => :'wf');
select tests.clear_authentication();

-- TEST: every table × operation × API role is refused with 42501
with stmts(ord, label, sql) as (values
  (1, 'insert projects', $$insert into public.projects (name) values ('x')$$),
  (2, 'update projects', $$update public.projects set name = 'x'$$),
  (3, 'delete projects', $$delete from public.projects$$),
  (4, 'truncate projects', $$truncate public.projects cascade$$),
  (5, 'insert project_members', format($$insert into public.project_members (project_id, user_id, role) values (%L, %L, 'owner')$$, :'project', :'newbie')),
  (6, 'update project_members', $$update public.project_members set role = 'owner'$$),
  (7, 'delete project_members', $$delete from public.project_members$$),
  (8, 'truncate project_members', $$truncate public.project_members$$),
  (9, 'insert workflows', format($$insert into public.workflows (project_id, name) values (%L, 'x')$$, :'project')),
  (10, 'update workflows', $$update public.workflows set archived_at = now()$$),
  (11, 'delete workflows', $$delete from public.workflows$$),
  (12, 'truncate workflows', $$truncate public.workflows cascade$$),
  (13, 'insert workflow_versions', format($$insert into public.workflow_versions (workflow_id, project_id) values (%L, %L)$$, :'wf', :'project')),
  (14, 'update workflow_versions', $$update public.workflow_versions set definition = '{}'$$),
  (15, 'delete workflow_versions', $$delete from public.workflow_versions$$),
  (16, 'truncate workflow_versions', $$truncate public.workflow_versions cascade$$),
  (17, 'insert workflow_version_events', format($$insert into public.workflow_version_events (project_id, action) values (%L, 'published')$$, :'project')),
  (18, 'update workflow_version_events', $$update public.workflow_version_events set details = '{}'$$),
  (19, 'delete workflow_version_events', $$delete from public.workflow_version_events$$),
  (20, 'truncate workflow_version_events', $$truncate public.workflow_version_events$$),
  (21, 'insert workflow_node_types', $$insert into public.workflow_node_types (type) values ('rocket')$$),
  (22, 'update workflow_node_types', $$update public.workflow_node_types set is_trigger = true$$),
  (23, 'delete workflow_node_types', $$delete from public.workflow_node_types$$),
  (24, 'truncate workflow_node_types', $$truncate public.workflow_node_types$$),
  (25, 'insert publish_requests', format($$insert into public.publish_requests (project_id, workflow_id, draft_id, revision, definition_hash) values (%L, %L, %L, 1, repeat('a', 64))$$, :'project', :'wf', :'wf')),
  (26, 'update publish_requests', $$update public.publish_requests set state = 'approved'$$),
  (27, 'delete publish_requests', $$delete from public.publish_requests$$),
  (28, 'truncate publish_requests', $$truncate public.publish_requests$$),
  (29, 'insert project_invitations', format($$insert into public.project_invitations (project_id, email, role) values (%L, 'x@x.example', 'owner')$$, :'project')),
  (30, 'update project_invitations', $$update public.project_invitations set accepted_at = now()$$),
  (31, 'delete project_invitations', $$delete from public.project_invitations$$),
  (32, 'truncate project_invitations', $$truncate public.project_invitations$$),
  (33, 'insert project_environments', format($$insert into public.project_environments (project_id, name) values (%L, 'qa')$$, :'project')),
  (34, 'update project_environments', $$update public.project_environments set deploy_role = 'editor'$$),
  (35, 'delete project_environments', $$delete from public.project_environments$$),
  (36, 'truncate project_environments', $$truncate public.project_environments cascade$$),
  (37, 'insert workflow_deployments', format($$insert into public.workflow_deployments (workflow_id, environment, project_id, version_id) values (%L, 'production', %L, %L)$$, :'wf', :'project', :'v1')),
  (38, 'update workflow_deployments', $$update public.workflow_deployments set note = 'x'$$),
  (39, 'delete workflow_deployments', $$delete from public.workflow_deployments$$),
  (40, 'truncate workflow_deployments', $$truncate public.workflow_deployments$$),
  (41, 'insert workflow_runs', format($$insert into public.workflow_runs (project_id, workflow_id, version_id, environment) values (%L, %L, %L, 'production')$$, :'project', :'wf', :'v1')),
  (42, 'update workflow_runs', $$update public.workflow_runs set status = 'succeeded', finished_at = now()$$),
  (43, 'delete workflow_runs', $$delete from public.workflow_runs$$),
  (44, 'truncate workflow_runs', $$truncate public.workflow_runs$$)
), callers(cord, who) as (values (1, 'anon'), (2, 'acme_owner'), (3, 'service_role'))
select is(tests.outcome_as(callers.who, stmts.sql), '42501', format('%s: %s → 42501', callers.who, stmts.label))
from stmts cross join callers
order by stmts.ord, callers.cord; -- PLAN+131

-- TEST: and nothing changed
select tests.clear_authentication();
select results_eq(
  format($$select (select count(*)::int from public.projects), (select count(*)::int from public.project_members where project_id = %L),
                  (select count(*)::int from public.workflow_versions where workflow_id = %L), (select count(*)::int from public.workflow_node_types),
                  (select count(*)::int from public.publish_requests where state = 'open'),
                  (select count(*)::int from public.project_invitations where accepted_at is null)$$, :'project', :'wf'),
  $$values (1, 4, 2, 8, 1, 1)$$, 'the tables hold what the RPCs wrote');

select * from finish();
rollback;
