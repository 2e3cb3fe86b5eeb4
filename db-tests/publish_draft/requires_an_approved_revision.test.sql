-- In a project with require_review, publish_draft succeeds only when the draft's current revision and
-- the hash of its current definition carry an approved request (else PT409 with a hint); any
-- publisher may then publish it, an author included. Without require_review nothing is asked.
begin;
select plan(16);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.set_require_review('acme');
-- The publisher changes the draft (an author); the editor asks for the review.
select tests.save_as('acme_publisher', :'wf', tests.valid_definition(4));

-- TEST: no request → PT409 with a hint, nothing written
select tests.authenticate_as('acme_publisher');
select tests.event_count(:'wf') as events_before \gset
select throws_ok(format($$select public.publish_draft(workflow_id => %L)$$, :'wf'), 'PT409', null, 'no request → PT409');
select isnt(tests.error_hint(format($$select public.publish_draft(workflow_id => %L)$$, :'wf')), null, 'the refusal says what to do');
select ok(tests.error_message(format($$select public.publish_draft(workflow_id => %L)$$, :'wf')) ~ 'requires review',
  'and why: the project requires review');

-- TEST: an open request → PT409; an owner is refused too
select tests.request_review_as('acme_editor', :'wf') as req \gset
select throws_ok(format($$select public.publish_draft(workflow_id => %L)$$, :'wf'), 'PT409', null, 'open request → PT409');
select is(tests.outcome_as('acme_owner', format($$select public.publish_draft(workflow_id => %L)$$, :'wf')), 'PT409', 'the owner too');

-- TEST: a rejected request → PT409
select tests.decide_as('acme_owner', :'req', 'reject', 'Not like this');
select is(tests.outcome_as('acme_owner', format($$select public.publish_draft(workflow_id => %L)$$, :'wf')), 'PT409', 'rejected → PT409');

-- TEST: an approval of an older revision does not carry over: the save superseded it
select tests.request_review_as('acme_editor', :'wf') as req2 \gset
select tests.decide_as('acme_owner', :'req2', 'approve');
select tests.save_as('acme_editor', :'wf', tests.valid_definition(5));
select is(tests.outcome_as('acme_owner', format($$select public.publish_draft(workflow_id => %L)$$, :'wf')), 'PT409',
  'the approved revision was followed by a save → PT409');

-- TEST: an approved revision whose definition was changed behind the RPCs' back (same revision) → PT409
select tests.request_review_as('acme_editor', :'wf') as req3 \gset
select tests.decide_as('acme_owner', :'req3', 'approve');
select tests.clear_authentication();
update public.workflow_versions set definition = tests.valid_definition(9) where id = tests.draft_id(:'wf');
select is(tests.outcome_as('acme_publisher', format($$select public.publish_draft(workflow_id => %L)$$, :'wf')), 'PT409',
  'same revision, another definition hash → PT409');
update public.workflow_versions set definition = tests.valid_definition(5) where id = tests.draft_id(:'wf');

-- TEST: a withdrawn approval → PT409
select tests.authenticate_as('acme_editor');
select public.withdraw_review(request_id => :'req3');
select is(tests.outcome_as('acme_publisher', format($$select public.publish_draft(workflow_id => %L)$$, :'wf')), 'PT409',
  'withdrawn → PT409');
select tests.clear_authentication();
select is(tests.event_count(:'wf'), :'events_before'::bigint + 8, 'the refused publishes wrote nothing (8 events are the review steps and the save)');

-- TEST: the approved current revision publishes, by a publisher who authored it; the request is published
select tests.request_review_as('acme_editor', :'wf') as req4 \gset
select tests.decide_as('acme_owner', :'req4', 'approve');
select tests.authenticate_as('acme_publisher');
select throws_ok(format($$select public.publish_draft(workflow_id => %L, expected_revision => 1)$$, :'wf'), 'PT409', null,
  'a stale expected_revision is still refused first');
select v.version_number as vn, v.revision as vrev from public.publish_draft(workflow_id => :'wf', expected_revision => tests.draft_revision(:'wf')) v \gset
select is(:'vn'::int, 2, 'the approved revision is published as version 2');
select is(tests.request_state(:'req4'), 'published', 'its request is published');
select is((select revision from public.publish_requests where id = :'req4'), :'vrev'::int, 'for exactly the published revision');

-- TEST: turning review off lets a publisher publish without a request
select tests.save_as('acme_editor', :'wf', tests.valid_definition(6));
select tests.set_require_review('acme', false);
select is(tests.outcome_as('acme_publisher', format($$select public.publish_draft(workflow_id => %L)$$, :'wf')), 'ok',
  'require_review off → publish without review');

-- TEST: rollback is not gated by review
select tests.set_require_review('acme', true);
select is(tests.outcome_as('acme_publisher', format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', tests.version_id(:'wf', 1))), 'ok',
  'rollback_workflow is not gated by require_review');

select * from finish();
rollback;
