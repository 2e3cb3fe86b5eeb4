-- list_publish_requests(project_id, state?): viewer+; newest first, with the workflow's name and the
-- e-mails of requester and decider; only the project's requests.
begin;
select plan(8);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.setup_workflow('acme', 'Nightly sync', 1) as wf2 \gset
select tests.setup_workflow('globex', 'Theirs', 1) as gwf \gset
select tests.save_as('acme_editor', :'wf', tests.valid_definition(4));
select tests.save_as('acme_editor', :'wf2', tests.valid_definition(4));
select tests.save_as('globex_editor', :'gwf', tests.valid_definition(4));
select tests.request_review_as('acme_editor', :'wf') as r1 \gset
select tests.decide_as('acme_publisher', :'r1', 'reject', 'No');
select tests.request_review_as('acme_editor', :'wf2') as r2 \gset
select tests.request_review_as('globex_editor', :'gwf');
-- requested_at is the transaction's time: move the first a minute back (past the rule that keeps
-- requested_at fixed, for this test only) so the order is by time, not by id
select tests.clear_authentication();
alter table public.publish_requests disable trigger _010_check_transition;
update public.publish_requests set requested_at = requested_at - interval '1 minute' where id = :'r1';
alter table public.publish_requests enable trigger _010_check_transition;

-- TEST: a viewer sees the project's two requests, newest first, with names and e-mails
select tests.authenticate_as('acme_viewer');
select results_eq(
  format($$select id, workflow_name, state::text, requested_by_email, decided_by_email, comment from public.list_publish_requests(project_id => %L)$$, :'project'),
  format($$values (%L::uuid, 'Nightly sync', 'open', %L, null::text, null::text), (%L::uuid, 'Order intake', 'rejected', %L, %L, 'No')$$,
         :'r2', tests.email('acme_editor'), :'r1', tests.email('acme_editor'), tests.email('acme_publisher')),
  'newest first, with workflow name, requester and decider e-mails, and the comment');

-- TEST: filtered by state
select results_eq(format($$select id from public.list_publish_requests(project_id => %L, state => 'open')$$, :'project'),
  format($$values (%L::uuid)$$, :'r2'), 'state => open lists the open one');
select is_empty(format($$select 1 from public.list_publish_requests(project_id => %L, state => 'approved')$$, :'project'),
  'no approved requests');

-- TEST: rows carry every request column
select is((select revision from public.list_publish_requests(project_id => :'project') where id = :'r2'), 2, 'the revision');
select is((select definition_hash from public.list_publish_requests(project_id => :'project') where id = :'r2'),
  encode(sha256(convert_to(tests.valid_definition(4)::text, 'UTF8')), 'hex'), 'the hash');

-- TEST: refusals
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select * from public.list_publish_requests(project_id => %L)$$, :'project'), 'PT404', null, 'a stranger → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select * from public.list_publish_requests(project_id => %L)$$, :'project'), '42501', null, 'anon → 42501');
select tests.authenticate_as('acme_viewer');
select is(left(tests.sqlstate_of(format($$select * from public.list_publish_requests(project_id => %L, state => 'pending')$$, :'project')), 2),
  '22', 'an unknown state → a class 22 bad-argument error');

select * from finish();
rollback;
