-- Every error an RPC raises for a signed-in caller carries a message and a HINT saying what to do next,
-- with the SQLSTATE of the design's error table.
begin;
select plan(42);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.add_environment('acme', 'staging');
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.setup_workflow('acme', 'Archived', 1) as archived \gset
select tests.version_id(:'wf', 1) as v1 \gset
select tests.authenticate_as('acme_publisher');
select public.archive_workflow(workflow_id => :'archived');
select public.create_draft(workflow_id => :'wf');
select (public.start_run(workflow_id => :'wf')).run_id as run \gset
select (public.start_run(workflow_id => :'wf')).run_id as done \gset
select public.finish_run(run_id => :'done', status => 'failed');
select tests.clear_authentication();
-- review: a request by the editor of a draft the publisher changed; a request by the publisher; in
-- globex (which requires review) a withdrawn request and a draft without an approval
select tests.setup_workflow('acme', 'Authored by the publisher', 1) as authored \gset
select tests.save_as('acme_publisher', :'authored', tests.valid_definition(6));
select tests.request_review_as('acme_editor', :'authored') as req_authored \gset
select tests.setup_workflow('acme', 'Requested by the publisher', 1) as requested \gset
select tests.save_as('acme_editor', :'requested', tests.valid_definition(6));
select tests.request_review_as('acme_publisher', :'requested') as req_requested \gset
select tests.setup_workflow('globex', 'Needs review', 1) as gwf \gset
select tests.save_as('globex_editor', :'gwf', tests.valid_definition(6));
select tests.request_review_as('globex_editor', :'gwf') as req_withdrawn \gset
select tests.authenticate_as('globex_editor');
select public.withdraw_review(request_id => :'req_withdrawn');
select tests.set_require_review('globex');
-- invitations: a pending one, an expired one and a revoked one for newbie
select tests.create_user('newbie');
select tests.invite('acme', 'invited@x.example') as inv \gset
select tests.expired_invitation(:'project', tests.email('newbie')) as inv_expired \gset
select tests.invite('globex', tests.email('newbie')) as inv_revoked \gset
select tests.authenticate_as('globex_owner');
select public.revoke_invitation(invitation_id => :'inv_revoked');
select tests.clear_authentication();

-- TEST: code, message and hint of each kind of error
with cases(ord, who, label, code, sql) as (values
  (1, 'acme_viewer', 'role too low', '42501', format($$select public.create_draft(workflow_id => %L)$$, :'wf')),
  (2, 'globex_owner', 'not visible', 'PT404', format($$select public.create_draft(workflow_id => %L)$$, :'wf')),
  (3, 'acme_editor', 'not found', 'PT404', format($$select public.get_workflow_version(version_id => %L)$$, gen_random_uuid())),
  (4, 'acme_editor', 'stale revision', 'PT409', format($$select public.save_draft(workflow_id => %L, definition => '{}', expected_revision => 42)$$, :'wf')),
  (5, 'acme_editor', 'draft exists', 'PT409', format($$select public.create_draft(workflow_id => %L, from_version_id => %L)$$, :'wf', :'v1')),
  (6, 'acme_publisher', 'nothing to publish', 'PT409', format($$select public.publish_draft(workflow_id => %L)$$, :'wf')),
  (7, 'acme_publisher', 'rollback to current', 'PT409', format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', :'v1')),
  (8, 'acme_publisher', 'archived', 'PT409', format($$select public.publish_draft(workflow_id => %L)$$, :'archived')),
  (9, 'acme_editor', 'too large', 'PT413', format($$select public.save_draft(workflow_id => %L, definition => jsonb_build_object('x', repeat('x', 1048577)), expected_revision => 1)$$, :'wf')),
  (10, 'acme_editor', 'bad argument', '22023', format($$select public.create_workflow(project_id => %L, name => '')$$, :'project')),
  (11, 'acme_editor', 'page size', '22023', format($$select * from public.list_workflow_versions(workflow_id => %L, page_size => 500)$$, :'wf')),
  (12, 'acme_owner', 'already invited', 'PT409', format($$select public.invite_project_member(project_id => %L, email => 'Invited@X.example', role => 'viewer')$$, :'project')),
  (13, 'acme_owner', 'not an e-mail', '22023', format($$select public.invite_project_member(project_id => %L, email => 'nobody', role => 'viewer')$$, :'project')),
  (14, 'acme_owner', 'last owner demoted', 'PT409', format($$select public.set_member_role(project_id => %L, user_id => %L, role => 'viewer')$$, :'project', tests.uid('acme_owner'))),
  (15, 'acme_owner', 'last owner removed', 'PT409', format($$select public.remove_project_member(project_id => %L, user_id => %L)$$, :'project', tests.uid('acme_owner'))),
  (16, 'acme_owner', 'not a member', 'PT404', format($$select public.set_member_role(project_id => %L, user_id => %L, role => 'viewer')$$, :'project', tests.uid('newbie'))),
  (17, 'acme_publisher', 'requester decides', '42501', format($$select public.decide_review(request_id => %L, decision => 'approve')$$, :'req_requested')),
  (18, 'acme_publisher', 'author decides', '42501', format($$select public.decide_review(request_id => %L, decision => 'approve')$$, :'req_authored')),
  (19, 'acme_viewer', 'someone else withdraws', '42501', format($$select public.withdraw_review(request_id => %L)$$, :'req_authored')),
  (20, 'acme_owner', 'bad decision', '22023', format($$select public.decide_review(request_id => %L, decision => 'maybe')$$, :'req_authored')),
  (21, 'globex_owner', 'review not open', 'PT409', format($$select public.decide_review(request_id => %L, decision => 'approve')$$, :'req_withdrawn')),
  (22, 'globex_publisher', 'review required', 'PT409', format($$select public.publish_draft(workflow_id => %L)$$, :'gwf')),
  (23, 'newbie', 'invitation expired', 'PT409', format($$select public.accept_invitation(invitation_id => %L)$$, :'inv_expired')),
  (24, 'newbie', 'invitation revoked', 'PT409', format($$select public.accept_invitation(invitation_id => %L)$$, :'inv_revoked')),
  (25, 'acme_owner', 'environment exists', 'PT409', format($$select public.create_environment(project_id => %L, name => 'staging')$$, :'project')),
  (26, 'acme_owner', 'bad environment name', '22023', format($$select public.create_environment(project_id => %L, name => 'Staging!')$$, :'project')),
  (27, 'acme_owner', 'viewer deploy role', '22023', format($$select public.create_environment(project_id => %L, name => 'qa', deploy_role => 'viewer')$$, :'project')),
  (28, 'acme_publisher', 'unknown environment', 'PT404', format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'qa')$$, :'wf', :'v1')),
  (29, 'acme_publisher', 'already deployed', 'PT409', format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'production')$$, :'wf', :'v1')),
  (30, 'acme_editor', 'deploy role too low', '42501', format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'staging')$$, :'wf', :'v1')),
  (31, 'acme_publisher', 'archived deploy', 'PT409', format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'staging')$$, :'archived', tests.version_id(:'archived', 1))),
  (32, 'acme_viewer', 'nothing deployed', 'PT404', format($$select public.resolve_workflow(workflow_id => %L, environment => 'staging')$$, :'wf')),
  (33, 'service_role', 'archived resolve', 'PT409', format($$select public.resolve_workflow(workflow_id => %L)$$, :'archived')),
  (34, 'service_role', 'nothing deployed to start', 'PT404', format($$select public.start_run(workflow_id => %L, environment => 'staging')$$, :'wf')),
  (35, 'service_role', 'run finished', 'PT409', format($$select public.finish_run(run_id => %L, status => 'succeeded')$$, :'done')),
  (36, 'acme_editor', 'final status running', '22023', format($$select public.finish_run(run_id => %L, status => 'running')$$, :'run')),
  (37, 'service_role', 'unknown run', 'PT404', format($$select public.replay_run(run_id => %L)$$, gen_random_uuid())),
  (38, 'acme_viewer', 'runs page size', '22023', format($$select * from public.list_workflow_runs(workflow_id => %L, page_size => 0)$$, :'wf')),
  (39, 'acme_viewer', 'unknown before', '22023', format($$select * from public.list_workflow_runs(workflow_id => %L, before => %L)$$, :'wf', gen_random_uuid())),
  (40, 'postgres', 'run version changed', 'PT409', format($$update public.workflow_runs set version_id = %L where id = %L$$, gen_random_uuid(), :'run')),
  (41, 'postgres', 'production pointer moved alone', 'PT409', format($$update public.workflows set current_version_id = null where id = %L; set constraints all immediate$$, :'wf'))
)
select is(
  array[tests.outcome_as(cases.who, cases.sql),
        (tests.outcome_as(cases.who, format('select tests._assert_hint(%L)', cases.sql)))],
  array[cases.code, 'ok'],
  format('%s → %s, with a message and a hint', cases.label, cases.code))
from cases order by cases.ord; -- PLAN+40

-- TEST: a signed-out caller gets 42501 before anything else
select tests.authenticate_as_anon();
select throws_ok(format($$select public.create_draft(workflow_id => %L)$$, :'wf'), '42501', null, 'anon → 42501');

select * from finish();
rollback;
