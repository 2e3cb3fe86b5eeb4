-- decide_review(request_id, decision, comment?): approve or reject an open request of the draft's
-- current revision; one event; PT409 unless open; 22023 for another decision.
begin;
select plan(14);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.save_as('acme_editor', :'wf', tests.valid_definition(4));
select tests.request_review_as('acme_editor', :'wf') as req \gset

-- TEST: bad decisions and comments are bad arguments, and change nothing
select tests.authenticate_as('acme_publisher');
select throws_ok(format($$select public.decide_review(request_id => %L, decision => 'approved')$$, :'req'), '22023', null, '"approved" → 22023');
select throws_ok(format($$select public.decide_review(request_id => %L, decision => null)$$, :'req'), '22023', null, 'null decision → 22023');
select throws_ok(format($$select public.decide_review(request_id => %L, decision => 'reject', comment => repeat('x', 2001))$$, :'req'),
  '22023', null, 'a comment over 2000 characters → 22023');
select throws_ok($$select public.decide_review(request_id => null, decision => 'approve')$$, '22023', null, 'null request_id → 22023');
select throws_ok(format($$select public.decide_review(request_id => %L, decision => 'approve')$$, gen_random_uuid()), 'PT404', null, 'unknown request → PT404');
select is(tests.request_state(:'req'), 'open', 'still open');

-- TEST: a rejection with a comment, recorded once
select r.state as st from public.decide_review(request_id => :'req', decision => 'reject', comment => 'Rename the step') r \gset
select is(:'st'::text, 'rejected', 'rejected');
select tests.clear_authentication();
select results_eq(
  format($$select action::text, actor_id, version_id, details ->> 'comment' from public.workflow_version_events
           where workflow_id = %L and action in ('review_approved', 'review_rejected')$$, :'wf'),
  format($$values ('review_rejected', %L::uuid, %L::uuid, 'Rename the step')$$, tests.uid('acme_publisher'), tests.draft_id(:'wf')),
  'one review_rejected event by the publisher on the draft, with the comment');

-- TEST: a decided request cannot be decided again
select tests.authenticate_as('acme_owner');
select throws_ok(format($$select public.decide_review(request_id => %L, decision => 'approve')$$, :'req'), 'PT409', null,
  'deciding a rejected request → PT409');

-- TEST: approval; then it is not open any more
select tests.request_review_as('acme_editor', :'wf') as req2 \gset
select tests.decide_as('acme_owner', :'req2', 'approve');
select is(tests.request_state(:'req2'), 'approved', 'approved');
select tests.authenticate_as('acme_publisher');
select throws_ok(format($$select public.decide_review(request_id => %L, decision => 'reject')$$, :'req2'), 'PT409', null,
  'deciding an approved request → PT409');

-- TEST: a draft changed behind the RPCs' back (direct SQL, no new revision) cannot be approved
select tests.request_review_as('acme_editor', :'wf') as req3 \gset
select tests.clear_authentication();
update public.workflow_versions set definition = tests.valid_definition(9) where id = tests.draft_id(:'wf');
select tests.authenticate_as('acme_owner');
select throws_ok(format($$select public.decide_review(request_id => %L, decision => 'approve')$$, :'req3'), 'PT409', null,
  'the draft''s definition no longer has the requested hash → PT409');
select lives_ok(format($$select public.decide_review(request_id => %L, decision => 'reject', comment => 'changed')$$, :'req3'),
  'it can still be rejected');
select tests.clear_authentication();
select is((select count(*)::int from public.workflow_version_events where workflow_id = :'wf' and action in ('review_approved', 'review_rejected')), 3,
  'three decisions, three events; the refused calls wrote none');

select * from finish();
rollback;
