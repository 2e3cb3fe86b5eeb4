-- Any change to the draft closes its open or approved request: saving, reverting and discarding make
-- it `superseded`; publishing makes it `published` when exactly the approved revision and hash go
-- live, else `superseded`. With or without require_review.
begin;
select plan(14);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.save_as('acme_editor', :'wf', tests.valid_definition(5));

-- TEST: save supersedes an open and an approved request
select tests.request_review_as('acme_editor', :'wf') as r_save_open \gset
select tests.save_as('acme_editor', :'wf', tests.valid_definition(6));
select is(tests.request_state(:'r_save_open'), 'superseded', 'save: open → superseded');
select tests.request_review_as('acme_editor', :'wf') as r_save_approved \gset
select tests.decide_as('acme_publisher', :'r_save_approved');
select tests.save_as('acme_editor', :'wf', tests.valid_definition(5));
select is(tests.request_state(:'r_save_approved'), 'superseded', 'save: approved → superseded');

-- TEST: a save refused for a stale revision supersedes nothing
select tests.request_review_as('acme_editor', :'wf') as r_stale \gset
select tests.authenticate_as('acme_editor');
select tests.sqlstate_of(format($$select public.save_draft(workflow_id => %L, definition => '{}', expected_revision => 1)$$, :'wf'));
select is(tests.request_state(:'r_stale'), 'open', 'a refused save leaves the request open');

-- TEST: revert supersedes
select tests.decide_as('acme_publisher', :'r_stale');
select tests.authenticate_as('acme_editor');
select public.revert_draft(workflow_id => :'wf', version_id => tests.version_id(:'wf', 1));
select is(tests.request_state(:'r_stale'), 'superseded', 'revert: approved → superseded');

-- TEST: discard supersedes, and the request outlives the discarded draft
select tests.request_review_as('acme_editor', :'wf') as r_discard \gset
select tests.draft_id(:'wf') as discarded_draft \gset
select tests.authenticate_as('acme_editor');
select public.discard_draft(workflow_id => :'wf');
select is(tests.request_state(:'r_discard'), 'superseded', 'discard: open → superseded');
select is((select draft_id from public.publish_requests where id = :'r_discard'), :'discarded_draft'::uuid,
  'the request still names the discarded draft');

-- TEST: publishing the approved revision marks the request published (review not required)
select tests.save_as('acme_editor', :'wf', tests.valid_definition(7));
select tests.request_review_as('acme_editor', :'wf') as r_pub \gset
select tests.decide_as('acme_publisher', :'r_pub');
select tests.authenticate_as('acme_owner');
select v.id as v3, v.definition_hash as v3_hash from public.publish_draft(workflow_id => :'wf') v \gset
select is(tests.request_state(:'r_pub'), 'published', 'publish of the approved revision: approved → published');
select is((select definition_hash from public.publish_requests where id = :'r_pub'), :'v3_hash', 'with the hash that went live');
select is((select draft_id from public.publish_requests where id = :'r_pub'), :'v3'::uuid, 'and the draft that became the version');

-- TEST: publishing while the request is only open supersedes it (review not required)
select tests.save_as('acme_editor', :'wf', tests.valid_definition(8));
select tests.request_review_as('acme_editor', :'wf') as r_pub_open \gset
select tests.authenticate_as('acme_publisher');
select public.publish_draft(workflow_id => :'wf');
select is(tests.request_state(:'r_pub_open'), 'superseded', 'publish of a draft under an open request: open → superseded');

-- TEST: none of this wrote more than the one event per call
select tests.clear_authentication();
select is((select count(*)::int from public.workflow_version_events where workflow_id = :'wf'
           and action in ('review_requested', 'review_approved', 'review_rejected', 'review_withdrawn')), 9,
  'nine review events: six requests, three approvals');
select is((select count(*)::int from public.publish_requests where workflow_id = :'wf' and state in ('open', 'approved')), 0,
  'no live request remains');

-- TEST: rollback leaves the draft and its request alone
select tests.save_as('acme_editor', :'wf', tests.valid_definition(9));
select tests.request_review_as('acme_editor', :'wf') as r_rollback \gset
select tests.authenticate_as('acme_publisher');
select public.rollback_workflow(workflow_id => :'wf', version_id => tests.version_id(:'wf', 1));
select is(tests.request_state(:'r_rollback'), 'open', 'rollback does not touch the draft''s request');

-- TEST: creating a draft when one exists changes nothing
select public.create_draft(workflow_id => :'wf');
select is(tests.request_state(:'r_rollback'), 'open', 'create_draft returning the existing draft does not close its request');

select * from finish();
rollback;
