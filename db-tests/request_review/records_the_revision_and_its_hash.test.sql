-- request_review(workflow_id, expected_revision, note?): editor+; records the draft revision and the
-- sha256 of its definition (state open); an earlier open or approved request is superseded; the
-- draft stays editable.
begin;
select plan(20);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.save_as('acme_editor', :'wf', tests.valid_definition(4)) as rev \gset

-- TEST: an editor requests a review of revision 2
select tests.authenticate_as('acme_editor');
select r.id as req, r.state as req_state, r.revision as req_revision, r.definition_hash as req_hash,
       r.draft_id as req_draft, r.requested_by as req_by, r.note as req_note, r.project_id as req_project
from public.request_review(workflow_id => :'wf', expected_revision => :rev, note => '  Please check the new step  ') r \gset
select is(:'req_state'::text, 'open', 'the request is open');
select is(:'req_revision'::int, 2, 'it records the revision');
select is(:'req_draft'::uuid, tests.draft_id(:'wf'), 'and the draft');
select is(:'req_hash'::text, encode(sha256(convert_to(tests.valid_definition(4)::text, 'UTF8')), 'hex'),
  'and the sha256 of the definition at that revision');
select is(:'req_by'::uuid, tests.uid('acme_editor'), 'requested_by is the caller');
select is(:'req_note'::text, 'Please check the new step', 'the note is trimmed');
select is(:'req_project'::uuid, :'project'::uuid, 'in the workflow''s project');

-- TEST: one review_requested event on the draft
select tests.clear_authentication();
select results_eq(
  format($$select actor_id, version_id, details ->> 'request_id', (details ->> 'revision')::int from public.workflow_version_events
           where workflow_id = %L and action = 'review_requested'$$, :'wf'),
  format($$values (%L::uuid, %L::uuid, %L, 2)$$, tests.uid('acme_editor'), tests.draft_id(:'wf'), :'req'),
  'review_requested names the requester, the draft, the request and the revision');

-- TEST: the draft stays editable; a save supersedes the request
select is(tests.save_as('acme_editor', :'wf', tests.valid_definition(5)), 3, 'the draft can still be saved');
select is(tests.request_state(:'req'), 'superseded', 'the save superseded the request');

-- TEST: requesting again supersedes the earlier open request (and the event says which)
select tests.request_review_as('acme_editor', :'wf') as req2 \gset
select tests.request_review_as('acme_publisher', :'wf') as req3 \gset
select is(tests.request_state(:'req2'), 'superseded', 'an open request is superseded by a new one');
select is((select details ->> 'superseded_request_id' from public.workflow_version_events
           where action = 'review_requested' and details ->> 'request_id' = :'req3'), :'req2', 'the event names the superseded request');
select tests.decide_as('acme_owner', :'req3', 'approve');
select tests.request_review_as('acme_editor', :'wf') as req4 \gset
select is(tests.request_state(:'req3'), 'superseded', 'an approved request is superseded by a new one');
select is((select count(*)::int from public.publish_requests where workflow_id = :'wf' and state in ('open', 'approved')), 1,
  'one live request per workflow');

-- TEST: a rejected revision may be requested again
select tests.decide_as('acme_owner', :'req4', 'reject', 'Not yet');
select lives_ok(format($$select tests.request_review_as('acme_editor', %L)$$, :'wf'), 'the rejected revision is requested again');

-- TEST: refusals
select tests.authenticate_as('acme_editor');
select throws_ok(format($$select public.request_review(workflow_id => %L, expected_revision => 1)$$, :'wf'),
  'PT409', null, 'a stale expected_revision → PT409');
select throws_ok(format($$select public.request_review(workflow_id => %L, expected_revision => null)$$, :'wf'),
  '22023', null, 'no expected_revision → 22023');
select tests.authenticate_as('acme_viewer');
select throws_ok(format($$select public.request_review(workflow_id => %L, expected_revision => 3)$$, :'wf'),
  '42501', null, 'a viewer → 42501');
select tests.setup_workflow('acme', 'No draft', 1) as nodraft \gset
select tests.authenticate_as('acme_editor');
select throws_ok(format($$select public.request_review(workflow_id => %L, expected_revision => 1)$$, :'nodraft'),
  'PT409', null, 'no draft → PT409');
select tests.authenticate_as('acme_publisher');
select public.archive_workflow(workflow_id => :'wf');
select tests.authenticate_as('acme_editor');
select throws_ok(format($$select public.request_review(workflow_id => %L, expected_revision => 3)$$, :'wf'),
  'PT409', null, 'an archived workflow → PT409');

select * from finish();
rollback;
