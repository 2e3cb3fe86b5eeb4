-- The permission matrix: anon, stranger (member of another project), viewer, editor, publisher, owner and
-- service_role × every RPC. Each call runs from the same starting state and is rolled back
-- (tests.outcome_as), so the cell is exactly "may this role do this": 'ok' or the SQLSTATE.
--   not signed in → 42501; not a member → PT404 (not visible); role too low → 42501.
--   service_role carries no user, so every RPC refuses it with 42501 (operators act as a user), except the
--   runtime RPCs the run orchestrator calls with that key: resolve_workflow, start_run, finish_run, replay_run.
--   Answering an invitation is the invitee's alone: anyone else gets PT404, members of the project too.
--   Deciding a review is four eyes: the requester or an author of the draft gets 42501 whatever their role.
begin;
select plan(231); -- 33 RPCs × 7 callers -- PLAN+230

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 2) as v2 \gset
-- a draft at revision 2 that differs from the live version, so publish_draft can succeed
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(5), expected_revision => 1);
-- a running run, to finish and replay
select (public.start_run(workflow_id => :'wf')).run_id as run \gset
select tests.clear_authentication();
-- an open review request of that revision by the editor (an author); an invitation of the stranger's
-- e-mail to acme (so the stranger is its invitee)
select tests.request_review_as('acme_editor', :'wf') as req \gset
select tests.invite('acme', tests.email('globex_owner'), 'viewer') as inv \gset

-- TEST: every cell of the matrix
with calls(ord, rpc, sql, anon, stranger, viewer, editor, publisher, owner, service_role) as (values
  (1, 'create_project', $$select public.create_project(name => 'New project')$$,
      '42501', 'ok', 'ok', 'ok', 'ok', 'ok', '42501'),
  (3, 'create_workflow', format($$select public.create_workflow(project_id => %L, name => 'New workflow')$$, :'project'),
      '42501', 'PT404', '42501', 'ok', 'ok', 'ok', '42501'),
  (4, 'create_draft', format($$select public.create_draft(workflow_id => %L)$$, :'wf'),
      '42501', 'PT404', '42501', 'ok', 'ok', 'ok', '42501'),
  (5, 'save_draft', format($$select public.save_draft(workflow_id => %L, definition => tests.valid_definition(6), expected_revision => 2)$$, :'wf'),
      '42501', 'PT404', '42501', 'ok', 'ok', 'ok', '42501'),
  (6, 'publish_draft', format($$select public.publish_draft(workflow_id => %L, expected_revision => 2)$$, :'wf'),
      '42501', 'PT404', '42501', '42501', 'ok', 'ok', '42501'),
  (7, 'revert_draft', format($$select public.revert_draft(workflow_id => %L, version_id => %L)$$, :'wf', :'v1'),
      '42501', 'PT404', '42501', 'ok', 'ok', 'ok', '42501'),
  (8, 'discard_draft', format($$select public.discard_draft(workflow_id => %L)$$, :'wf'),
      '42501', 'PT404', '42501', 'ok', 'ok', 'ok', '42501'),
  (9, 'rollback_workflow', format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', :'v1'),
      '42501', 'PT404', '42501', '42501', 'ok', 'ok', '42501'),
  (10, 'archive_workflow', format($$select public.archive_workflow(workflow_id => %L)$$, :'wf'),
      '42501', 'PT404', '42501', '42501', 'ok', 'ok', '42501'),
  (11, 'list_workflow_versions', format($$select * from public.list_workflow_versions(workflow_id => %L)$$, :'wf'),
      '42501', 'PT404', 'ok', 'ok', 'ok', 'ok', '42501'),
  (12, 'get_workflow_version', format($$select public.get_workflow_version(version_id => %L)$$, :'v1'),
      '42501', 'PT404', 'ok', 'ok', 'ok', 'ok', '42501'),
  (13, 'diff_workflow_versions', format($$select public.diff_workflow_versions(from_version_id => %L, to_version_id => %L)$$, :'v1', :'v2'),
      '42501', 'PT404', 'ok', 'ok', 'ok', 'ok', '42501'),
  (14, 'validate_workflow_definition', format($$select public.validate_workflow_definition(%L)$$, tests.valid_definition(2)),
      '42501', 'ok', 'ok', 'ok', 'ok', 'ok', '42501'),
  -- environments and runs
  (15, 'create_environment', format($$select public.create_environment(project_id => %L, name => 'qa')$$, :'project'),
      '42501', 'PT404', '42501', '42501', '42501', 'ok', '42501'),
  (16, 'deploy_version', format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'production')$$, :'wf', :'v1'),
      '42501', 'PT404', '42501', '42501', 'ok', 'ok', '42501'),
  (17, 'list_workflow_deployments', format($$select * from public.list_workflow_deployments(workflow_id => %L)$$, :'wf'),
      '42501', 'PT404', 'ok', 'ok', 'ok', 'ok', '42501'),
  (18, 'resolve_workflow', format($$select public.resolve_workflow(workflow_id => %L)$$, :'wf'),
      '42501', 'PT404', 'ok', 'ok', 'ok', 'ok', 'ok'),
  (19, 'start_run', format($$select public.start_run(workflow_id => %L)$$, :'wf'),
      '42501', 'PT404', '42501', 'ok', 'ok', 'ok', 'ok'),
  (20, 'finish_run', format($$select public.finish_run(run_id => %L, status => 'succeeded')$$, :'run'),
      '42501', 'PT404', '42501', 'ok', 'ok', 'ok', 'ok'),
  (21, 'replay_run', format($$select public.replay_run(run_id => %L)$$, :'run'),
      '42501', 'PT404', '42501', 'ok', 'ok', 'ok', 'ok'),
  (22, 'list_workflow_runs', format($$select * from public.list_workflow_runs(workflow_id => %L)$$, :'wf'),
      '42501', 'PT404', 'ok', 'ok', 'ok', 'ok', '42501'),
  -- review before publish
  (40, 'set_project_settings', format($$select public.set_project_settings(project_id => %L, require_review => true)$$, :'project'),
      '42501', 'PT404', '42501', '42501', '42501', 'ok', '42501'),
  (41, 'request_review', format($$select public.request_review(workflow_id => %L, expected_revision => 2)$$, :'wf'),
      '42501', 'PT404', '42501', 'ok', 'ok', 'ok', '42501'),
  -- the editor requested and authored the revision: four eyes refuse them whatever their role
  (42, 'decide_review', format($$select public.decide_review(request_id => %L, decision => 'approve')$$, :'req'),
      '42501', 'PT404', '42501', '42501', 'ok', 'ok', '42501'),
  (43, 'withdraw_review', format($$select public.withdraw_review(request_id => %L)$$, :'req'),
      '42501', 'PT404', '42501', 'ok', '42501', '42501', '42501'),
  (44, 'list_publish_requests', format($$select * from public.list_publish_requests(project_id => %L)$$, :'project'),
      '42501', 'PT404', 'ok', 'ok', 'ok', 'ok', '42501'),
  -- invitations and members (the stranger is the invitee of :inv)
  (50, 'invite_project_member', format($$select public.invite_project_member(project_id => %L, email => 'someone@x.example', role => 'viewer')$$, :'project'),
      '42501', 'PT404', '42501', '42501', '42501', 'ok', '42501'),
  (51, 'list_my_invitations', $$select * from public.list_my_invitations()$$,
      '42501', 'ok', 'ok', 'ok', 'ok', 'ok', '42501'),
  (52, 'accept_invitation', format($$select public.accept_invitation(invitation_id => %L)$$, :'inv'),
      '42501', 'ok', 'PT404', 'PT404', 'PT404', 'PT404', '42501'),
  (53, 'decline_invitation', format($$select public.decline_invitation(invitation_id => %L)$$, :'inv'),
      '42501', 'ok', 'PT404', 'PT404', 'PT404', 'PT404', '42501'),
  (54, 'revoke_invitation', format($$select public.revoke_invitation(invitation_id => %L)$$, :'inv'),
      '42501', 'PT404', '42501', '42501', '42501', 'ok', '42501'),
  (55, 'set_member_role', format($$select public.set_member_role(project_id => %L, user_id => %L, role => 'editor')$$, :'project', tests.uid('acme_viewer')),
      '42501', 'PT404', '42501', '42501', '42501', 'ok', '42501'),
  (56, 'remove_project_member', format($$select public.remove_project_member(project_id => %L, user_id => %L)$$, :'project', tests.uid('acme_viewer')),
      '42501', 'PT404', '42501', '42501', '42501', 'ok', '42501')
), callers(cord, label, who) as (values
  (1, 'anon', 'anon'), (2, 'stranger', 'globex_owner'), (3, 'viewer', 'acme_viewer'), (4, 'editor', 'acme_editor'),
  (5, 'publisher', 'acme_publisher'), (6, 'owner', 'acme_owner'), (7, 'service_role', 'service_role')
)
select is(tests.outcome_as(callers.who, calls.sql),
          case callers.label when 'anon' then calls.anon when 'stranger' then calls.stranger when 'viewer' then calls.viewer
            when 'editor' then calls.editor when 'publisher' then calls.publisher when 'owner' then calls.owner
            else calls.service_role end,
          format('%s × %s', callers.label, calls.rpc))
from calls cross join callers
order by calls.ord, callers.cord;

select * from finish();
rollback;
