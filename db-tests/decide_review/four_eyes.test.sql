-- decide_review: four eyes. The decider is a publisher or owner who neither requested the review nor
-- authored the draft (created the workflow with it, saved it or reverted it); creating a draft from a
-- published version makes nobody an author.
begin;
select plan(16);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.add_member(:'project', 'acme_publisher2', 'publisher');
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset

-- The editor and the publisher change the draft; the owner requests the review.
select tests.save_as('acme_editor', :'wf', tests.valid_definition(4));
select tests.save_as('acme_publisher', :'wf', tests.valid_definition(5));
select tests.request_review_as('acme_owner', :'wf') as req \gset

-- TEST: the authors are read from the audit trail
select results_eq(format($$select a from private.draft_author_ids(%L, %L) a order by a$$, :'wf', tests.draft_id(:'wf')),
  format($$select unnest(array[%L, %L]::uuid[]) order by 1$$, tests.uid('acme_editor'), tests.uid('acme_publisher')),
  'the authors are the editor and the publisher who saved');

-- TEST: the requester, a co-author, the author, a viewer are refused with 42501; a stranger gets PT404
select is(tests.outcome_as('acme_owner', format($$select public.decide_review(request_id => %L, decision => 'approve')$$, :'req')),
  '42501', 'the requester (an owner) → 42501');
select tests.authenticate_as('acme_owner');
select matches(tests.error_message(format($$select public.decide_review(request_id => %L, decision => 'approve')$$, :'req')),
  'You requested this review', 'the requester is told why');
select is(tests.outcome_as('acme_publisher', format($$select public.decide_review(request_id => %L, decision => 'approve')$$, :'req')),
  '42501', 'a co-author (a publisher who saved the draft) → 42501');
select tests.authenticate_as('acme_publisher');
select matches(tests.error_message(format($$select public.decide_review(request_id => %L, decision => 'reject')$$, :'req')),
  'You changed this draft', 'the co-author is told why, for a rejection too');
select is(tests.outcome_as('acme_editor', format($$select public.decide_review(request_id => %L, decision => 'approve')$$, :'req')),
  '42501', 'the editor who saved → 42501');
select is(tests.outcome_as('acme_viewer', format($$select public.decide_review(request_id => %L, decision => 'approve')$$, :'req')),
  '42501', 'a viewer → 42501');
select is(tests.outcome_as('globex_owner', format($$select public.decide_review(request_id => %L, decision => 'approve')$$, :'req')),
  'PT404', 'an owner of another project → PT404');
select tests.clear_authentication();
select is(tests.request_state(:'req'), 'open', 'the refused calls left the request open');

-- TEST: an uninvolved publisher approves
select tests.authenticate_as('acme_publisher2');
select r.state as st, r.decided_by as by, r.decided_at is not null as has_at
from public.decide_review(request_id => :'req', decision => 'approve', comment => ' Looks good ') r \gset
select results_eq(format($$select state::text, decided_by, comment from public.publish_requests where id = %L$$, :'req'),
  format($$values ('approved', %L::uuid, 'Looks good')$$, tests.uid('acme_publisher2')),
  'approved, by the uninvolved publisher, with the trimmed comment');
select ok(:'has_at'::boolean, 'decided_at is set');

-- TEST: creating the workflow makes its creator an author of the first draft
select tests.authenticate_as('acme_publisher');
select w.id as wf2 from public.create_workflow(project_id => :'project', name => 'Created by the publisher', definition => tests.valid_definition(3)) w \gset
select tests.request_review_as('acme_editor', :'wf2') as req2 \gset
select is(tests.outcome_as('acme_publisher', format($$select public.decide_review(request_id => %L, decision => 'approve')$$, :'req2')),
  '42501', 'the creator of the workflow (first draft) → 42501');
select is(tests.outcome_as('acme_publisher2', format($$select public.decide_review(request_id => %L, decision => 'approve')$$, :'req2')),
  'ok', 'another publisher may approve it');

-- TEST: reverting makes an author; creating a draft from a published version does not
select tests.setup_workflow('acme', 'Reverted', 2) as wf3 \gset
select tests.authenticate_as('acme_publisher');
select public.revert_draft(workflow_id => :'wf3', version_id => tests.version_id(:'wf3', 1));
select tests.request_review_as('acme_editor', :'wf3') as req3 \gset
select is(tests.outcome_as('acme_publisher', format($$select public.decide_review(request_id => %L, decision => 'approve')$$, :'req3')),
  '42501', 'the publisher who reverted the draft → 42501');
select tests.setup_workflow('acme', 'Copied', 1) as wf4 \gset
select tests.authenticate_as('acme_publisher');
select public.create_draft(workflow_id => :'wf4');
select tests.authenticate_as('acme_editor');
select public.save_draft(workflow_id => :'wf4', definition => tests.valid_definition(7), expected_revision => 1);
select tests.request_review_as('acme_editor', :'wf4') as req4 \gset
select is(tests.outcome_as('acme_publisher', format($$select public.decide_review(request_id => %L, decision => 'approve')$$, :'req4')),
  'ok', 'the publisher who only created the draft (a copy of v1) may approve');
select is(tests.outcome_as('acme_owner', format($$select public.decide_review(request_id => %L, decision => 'reject')$$, :'req4')),
  'ok', 'and an owner who did not touch it may reject');

select * from finish();
rollback;
