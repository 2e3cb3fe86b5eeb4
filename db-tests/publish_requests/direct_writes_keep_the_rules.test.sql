-- The rules of publish_requests hold for every writer, the table owner with SQL included: what was
-- requested never changes, states only move forward, a decision is recorded once, one live request per
-- workflow, and a request belongs to its workflow's project.
begin;
select plan(9);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.save_as('acme_editor', :'wf', tests.valid_definition(4));
select tests.request_review_as('acme_editor', :'wf') as req \gset
select tests.clear_authentication();

-- TEST: what was requested cannot be changed
select throws_ok(format($$update public.publish_requests set revision = 9 where id = %L$$, :'req'), 'PT409', null, 'revision is fixed');
select throws_ok(format($$update public.publish_requests set definition_hash = repeat('0', 64) where id = %L$$, :'req'), 'PT409', null, 'the hash is fixed');

-- TEST: a decision needs a decider; states move forward only
select throws_ok(format($$update public.publish_requests set state = 'approved' where id = %L$$, :'req'), '23514', null,
  'approved without decided_by/decided_at → check violation');
select throws_ok(format($$update public.publish_requests set state = 'published', decided_by = %L, decided_at = now() where id = %L$$, tests.uid('acme_owner'), :'req'),
  'PT409', null, 'open → published is not a transition');
select tests.decide_as('acme_publisher', :'req', 'reject');
select throws_ok(format($$update public.publish_requests set state = 'open', decided_by = null, decided_at = null, comment = null where id = %L$$, :'req'),
  'PT409', null, 'rejected → open is not a transition');
select throws_ok(format($$update public.publish_requests set comment = 'rewritten' where id = %L$$, :'req'), 'PT409', null,
  'a recorded decision is not rewritten');

-- TEST: one live request per workflow, a new one starts open, in the workflow's project
select tests.request_review_as('acme_editor', :'wf');
select throws_ok(format($$insert into public.publish_requests (project_id, workflow_id, draft_id, revision, definition_hash)
                          values (%L, %L, %L, 2, repeat('a', 64))$$, :'project', :'wf', tests.draft_id(:'wf')),
  '23505', null, 'a second live request of the workflow → unique violation');
select throws_ok(format($$insert into public.publish_requests (project_id, workflow_id, draft_id, revision, definition_hash, state)
                          values (%L, %L, %L, 2, repeat('a', 64), 'withdrawn')$$, :'project', :'wf', tests.draft_id(:'wf')),
  'PT409', null, 'a request starts open');
select throws_ok(format($$insert into public.publish_requests (project_id, workflow_id, draft_id, revision, definition_hash, state)
                          values (%L, %L, %L, 2, repeat('a', 64), 'open')$$, :'globex', :'wf', tests.draft_id(:'wf')),
  '22023', null, 'a request in another project than its workflow''s → 22023');

select * from finish();
rollback;
