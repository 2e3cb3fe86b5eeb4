-- withdraw_review(request_id): only the requester; open or approved requests only.
begin;
select plan(10);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.save_as('acme_editor', :'wf', tests.valid_definition(4));
select tests.request_review_as('acme_editor', :'wf') as req \gset

-- TEST: anyone else is refused: members with 42501, strangers with PT404
select is(tests.outcome_as('acme_owner', format($$select public.withdraw_review(request_id => %L)$$, :'req')), '42501', 'an owner → 42501');
select is(tests.outcome_as('acme_publisher', format($$select public.withdraw_review(request_id => %L)$$, :'req')), '42501', 'a publisher → 42501');
select is(tests.outcome_as('globex_owner', format($$select public.withdraw_review(request_id => %L)$$, :'req')), 'PT404', 'a stranger → PT404');
select is(tests.outcome_as('anon', format($$select public.withdraw_review(request_id => %L)$$, :'req')), '42501', 'anon → 42501');

-- TEST: the requester withdraws an open request; one event
select tests.authenticate_as('acme_editor');
select is((public.withdraw_review(request_id => :'req')).state::text, 'withdrawn', 'withdrawn');
select tests.clear_authentication();
select results_eq(format($$select actor_id, details ->> 'previous_state' from public.workflow_version_events
                           where workflow_id = %L and action = 'review_withdrawn'$$, :'wf'),
  format($$values (%L::uuid, 'open')$$, tests.uid('acme_editor')), 'one review_withdrawn event by the requester');

-- TEST: withdrawn is final
select tests.authenticate_as('acme_editor');
select throws_ok(format($$select public.withdraw_review(request_id => %L)$$, :'req'), 'PT409', null, 'withdrawing twice → PT409');

-- TEST: an approved request can be withdrawn, a rejected one cannot
select tests.request_review_as('acme_editor', :'wf') as req2 \gset
select tests.decide_as('acme_publisher', :'req2', 'approve');
select tests.authenticate_as('acme_editor');
select is((public.withdraw_review(request_id => :'req2')).state::text, 'withdrawn', 'an approved request is withdrawn');
select tests.request_review_as('acme_editor', :'wf') as req3 \gset
select tests.decide_as('acme_publisher', :'req3', 'reject');
select tests.authenticate_as('acme_editor');
select throws_ok(format($$select public.withdraw_review(request_id => %L)$$, :'req3'), 'PT409', null, 'a rejected request → PT409');

-- TEST: a requester demoted to viewer may still withdraw
select tests.request_review_as('acme_editor', :'wf') as req4 \gset
select tests.authenticate_as('acme_owner');
select public.set_member_role(project_id => :'project', user_id => tests.uid('acme_editor'), role => 'viewer');
select is(tests.outcome_as('acme_editor', format($$select public.withdraw_review(request_id => %L)$$, :'req4')), 'ok',
  'the requester, now a viewer, may withdraw');

select * from finish();
rollback;
