-- Every RPC goes through private.require_user() (directly or through require_project_role /
-- require_workflow_role): called by someone it admits, each one succeeds with a live session and answers
-- 42501 once that session was signed out, or the account banned or deleted. Each call runs from the same
-- state and is rolled back with the change (tests.outcome_after), so only the caller's session or account differs.
begin;
select plan(153); -- 1 + 38 RPCs × (live, signed_out, banned, deleted)

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 2) as v2 \gset
-- a draft at revision 2 that differs from the live version, so publish_draft can succeed; a running run
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(5), expected_revision => 1);
select (public.start_run(workflow_id => :'wf')).run_id as run \gset
select tests.clear_authentication();
-- an open review request by the editor; an invitation of globex's owner to acme (they are its invitee)
select tests.request_review_as('acme_editor', :'wf') as req \gset
select tests.invite('acme', tests.email('globex_owner'), 'viewer') as inv \gset

create temporary table calls (ord int, rpc text, who text, sql text);
insert into calls values
  (1, 'create_project', 'acme_owner', $$select public.create_project(name => 'New project')$$),
  (2, 'create_workflow', 'acme_owner', format($$select public.create_workflow(project_id => %L, name => 'New workflow')$$, :'project')),
  (3, 'create_draft', 'acme_owner', format($$select public.create_draft(workflow_id => %L)$$, :'wf')),
  (4, 'save_draft', 'acme_owner', format($$select public.save_draft(workflow_id => %L, definition => tests.valid_definition(6), expected_revision => 2)$$, :'wf')),
  (5, 'publish_draft', 'acme_owner', format($$select public.publish_draft(workflow_id => %L, expected_revision => 2)$$, :'wf')),
  (6, 'revert_draft', 'acme_owner', format($$select public.revert_draft(workflow_id => %L, version_id => %L)$$, :'wf', :'v1')),
  (7, 'discard_draft', 'acme_owner', format($$select public.discard_draft(workflow_id => %L)$$, :'wf')),
  (8, 'rollback_workflow', 'acme_owner', format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', :'v1')),
  (9, 'archive_workflow', 'acme_owner', format($$select public.archive_workflow(workflow_id => %L)$$, :'wf')),
  (10, 'list_workflow_versions', 'acme_owner', format($$select * from public.list_workflow_versions(workflow_id => %L)$$, :'wf')),
  (11, 'get_workflow_version', 'acme_owner', format($$select public.get_workflow_version(version_id => %L)$$, :'v1')),
  (12, 'diff_workflow_versions', 'acme_owner', format($$select public.diff_workflow_versions(from_version_id => %L, to_version_id => %L)$$, :'v1', :'v2')),
  (13, 'validate_workflow_definition', 'acme_owner', format($$select public.validate_workflow_definition(%L)$$, tests.valid_definition(2))),
  (14, 'create_environment', 'acme_owner', format($$select public.create_environment(project_id => %L, name => 'qa')$$, :'project')),
  (15, 'deploy_version', 'acme_owner', format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'production')$$, :'wf', :'v1')),
  (16, 'list_workflow_deployments', 'acme_owner', format($$select * from public.list_workflow_deployments(workflow_id => %L)$$, :'wf')),
  (17, 'resolve_workflow', 'acme_owner', format($$select public.resolve_workflow(workflow_id => %L)$$, :'wf')),
  (18, 'start_run', 'acme_owner', format($$select public.start_run(workflow_id => %L)$$, :'wf')),
  (19, 'finish_run', 'acme_owner', format($$select public.finish_run(run_id => %L, status => 'succeeded')$$, :'run')),
  (20, 'replay_run', 'acme_owner', format($$select public.replay_run(run_id => %L)$$, :'run')),
  (21, 'list_workflow_runs', 'acme_owner', format($$select * from public.list_workflow_runs(workflow_id => %L)$$, :'wf')),
  (22, 'set_project_settings', 'acme_owner', format($$select public.set_project_settings(project_id => %L, require_review => true)$$, :'project')),
  (23, 'request_review', 'acme_owner', format($$select public.request_review(workflow_id => %L, expected_revision => 2)$$, :'wf')),
  (24, 'decide_review', 'acme_owner', format($$select public.decide_review(request_id => %L, decision => 'approve')$$, :'req')),
  (25, 'withdraw_review', 'acme_editor', format($$select public.withdraw_review(request_id => %L)$$, :'req')),
  (26, 'list_publish_requests', 'acme_owner', format($$select * from public.list_publish_requests(project_id => %L)$$, :'project')),
  (27, 'invite_project_member', 'acme_owner', format($$select public.invite_project_member(project_id => %L, email => 'someone@x.example', role => 'viewer')$$, :'project')),
  (28, 'list_my_invitations', 'acme_owner', $$select * from public.list_my_invitations()$$),
  (29, 'accept_invitation', 'globex_owner', format($$select public.accept_invitation(invitation_id => %L)$$, :'inv')),
  (30, 'decline_invitation', 'globex_owner', format($$select public.decline_invitation(invitation_id => %L)$$, :'inv')),
  (31, 'revoke_invitation', 'acme_owner', format($$select public.revoke_invitation(invitation_id => %L)$$, :'inv')),
  (32, 'set_member_role', 'acme_owner', format($$select public.set_member_role(project_id => %L, user_id => %L, role => 'editor')$$, :'project', tests.uid('acme_viewer'))),
  (33, 'remove_project_member', 'acme_owner', format($$select public.remove_project_member(project_id => %L, user_id => %L)$$, :'project', tests.uid('acme_viewer'))),
  (34, 'update_workflow', 'acme_owner', format($$select public.update_workflow(workflow_id => %L, name => 'Renamed')$$, :'wf')),
  (35, 'export_workflow_version', 'acme_owner', format($$select public.export_workflow_version(version_id => %L)$$, :'v1')),
  (36, 'import_workflow_definition', 'acme_owner', format($$select public.import_workflow_definition(workflow_id => %L, document => tests.valid_definition(3), expected_revision => 2)$$, :'wf')),
  (37, 'duplicate_workflow', 'acme_owner', format($$select public.duplicate_workflow(version_id => %L, project_id => %L)$$, :'v1', :'project')),
  (38, 'list_project_members', 'acme_viewer', format($$select * from public.list_project_members(project_id => %L)$$, :'project'));

-- TEST: the list covers every RPC of the contract
select set_eq($$select rpc from calls$$, $$select unnest(tests.contract_rpcs())$$, 'every contract RPC is called');

-- TEST: each RPC, as a caller it admits: ok with a live session, 42501 otherwise
select is(tests.outcome_after(calls.who, states.change, calls.sql),
          case states.change when 'live' then 'ok' else '42501' end,
          format('%s × %s', states.change, calls.rpc))
from calls cross join (values (1, 'live'), (2, 'signed_out'), (3, 'banned'), (4, 'deleted')) as states(sord, change)
order by calls.ord, states.sord;

select * from finish();
rollback;
