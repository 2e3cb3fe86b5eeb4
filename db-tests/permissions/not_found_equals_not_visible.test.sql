-- Another tenant's ids leak nothing: calling an RPC with an id of a project one is not a member of
-- gives exactly the answer an id that does not exist gives (PT404, same message shape, same hint).
begin;
select plan(28);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 2) as v2 \gset
select gen_random_uuid() as ghost \gset
select tests.save_as('acme_editor', :'wf', tests.valid_definition(5));
select tests.request_review_as('acme_editor', :'wf') as req \gset
select tests.invite('acme', 'invited@x.example') as inv \gset

-- TEST: same SQLSTATE, message (with the id masked) and hint for "not yours" and "does not exist"
select tests.authenticate_as('globex_owner');
with calls(ord, rpc, tmpl) as (values
  (1, 'invite_project_member', $$select public.invite_project_member(project_id => %L, email => 'x@example.com', role => 'viewer')$$),
  (2, 'create_workflow', $$select public.create_workflow(project_id => %L, name => 'x')$$),
  (3, 'create_draft', $$select public.create_draft(workflow_id => %L)$$),
  (4, 'save_draft', $$select public.save_draft(workflow_id => %L, definition => '{}', expected_revision => 1)$$),
  (5, 'publish_draft', $$select public.publish_draft(workflow_id => %L)$$),
  (6, 'discard_draft', $$select public.discard_draft(workflow_id => %L)$$),
  (7, 'archive_workflow', $$select public.archive_workflow(workflow_id => %L)$$),
  (8, 'list_workflow_versions', $$select * from public.list_workflow_versions(workflow_id => %L)$$),
  (9, 'get_workflow_version', $$select public.get_workflow_version(version_id => %L)$$),
  (10, 'set_project_settings', $$select public.set_project_settings(project_id => %L, require_review => true)$$),
  (11, 'list_publish_requests', $$select * from public.list_publish_requests(project_id => %L)$$),
  (12, 'request_review', $$select public.request_review(workflow_id => %L, expected_revision => 1)$$),
  (13, 'decide_review', $$select public.decide_review(request_id => %L, decision => 'approve')$$),
  (14, 'withdraw_review', $$select public.withdraw_review(request_id => %L)$$),
  (15, 'revoke_invitation', $$select public.revoke_invitation(invitation_id => %L)$$),
  (16, 'accept_invitation', $$select public.accept_invitation(invitation_id => %L)$$),
  (17, 'decline_invitation', $$select public.decline_invitation(invitation_id => %L)$$),
  (18, 'set_member_role', $$select public.set_member_role(project_id => %L, user_id => '00000000-0000-4000-8000-000000000001', role => 'owner')$$),
  (19, 'remove_project_member', $$select public.remove_project_member(project_id => %L, user_id => '00000000-0000-4000-8000-000000000001')$$)
), ids(ord, real_id) as (values (1, :'project'::uuid), (2, :'project'::uuid), (3, :'wf'::uuid), (4, :'wf'::uuid), (5, :'wf'::uuid),
                                (6, :'wf'::uuid), (7, :'wf'::uuid), (8, :'wf'::uuid), (9, :'v1'::uuid),
                                (10, :'project'::uuid), (11, :'project'::uuid), (12, :'wf'::uuid), (13, :'req'::uuid),
                                (14, :'req'::uuid), (15, :'inv'::uuid), (16, :'inv'::uuid), (17, :'inv'::uuid),
                                (18, :'project'::uuid), (19, :'project'::uuid))
select is(
  array[tests.sqlstate_of(format(calls.tmpl, ids.real_id)), replace(tests.error_message(format(calls.tmpl, ids.real_id)), ids.real_id::text, '<id>'),
        tests.error_hint(format(calls.tmpl, ids.real_id))],
  array['PT404', replace(tests.error_message(format(calls.tmpl, :'ghost')), :'ghost', '<id>'), tests.error_hint(format(calls.tmpl, :'ghost'))],
  format('%s: another tenant''s id answers like a missing id (PT404)', calls.rpc))
from calls join ids using (ord)
order by calls.ord; -- PLAN+18

-- TEST: the two-id RPCs too
select is(tests.sqlstate_of(format($$select public.revert_draft(workflow_id => %L, version_id => %L)$$, :'wf', :'v1')), 'PT404', 'revert_draft → PT404');
select is(tests.sqlstate_of(format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', :'v1')), 'PT404', 'rollback_workflow → PT404');
select is(tests.sqlstate_of(format($$select public.diff_workflow_versions(from_version_id => %L, to_version_id => %L)$$, :'v1', :'v2')), 'PT404', 'diff_workflow_versions → PT404');

-- TEST: the messages do not leak names of the other tenant's objects
select ok(coalesce(tests.error_message(format($$select public.publish_draft(workflow_id => %L)$$, :'wf')), '') not like '%Order intake%',
  'the workflow''s name is not in the error');
select ok(coalesce(tests.error_message(format($$select public.create_workflow(project_id => %L, name => 'x')$$, :'project')), '') not like '%acme%',
  'the project''s name is not in the error');

-- TEST: an id of another tenant's workflow passed alongside one's own id is refused as well
select tests.setup_workflow('globex', 'Mine', 1) as mine \gset
select tests.authenticate_as('globex_owner');
select is(tests.sqlstate_of(format($$select public.revert_draft(workflow_id => %L, version_id => %L)$$, :'mine', :'v1')), 'PT404',
  'revert my workflow to another tenant''s version → PT404');
select is(tests.sqlstate_of(format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'mine', :'v1')), 'PT404',
  'roll my workflow back to another tenant''s version → PT404');
select is(tests.sqlstate_of(format($$select public.create_draft(workflow_id => %L, from_version_id => %L)$$, :'mine', :'v1')), 'PT404',
  'create my draft from another tenant''s version → PT404');
select isnt(tests.sqlstate_of(format($$select public.diff_workflow_versions(from_version_id => %L, to_version_id => %L)$$, tests.version_id(:'mine', 1), :'v1')), 'ok',
  'diff my version against another tenant''s → refused');

select * from finish();
rollback;
