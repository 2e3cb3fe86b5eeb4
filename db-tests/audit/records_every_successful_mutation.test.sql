-- Every successful mutation writes exactly one workflow_version_events row (action, actor, version) in
-- the same transaction; a failed call writes nothing.
begin;
select plan(5);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.create_user('newbie');
select count(*) as project_events_before from public.workflow_version_events where project_id = :'project' \gset

-- a story, each step by a different actor
select tests.authenticate_as('acme_owner');
select i.id as inv from public.invite_project_member(project_id => :'project', email => tests.email('newbie'), role => 'viewer') i \gset
select tests.authenticate_as('newbie');
select public.accept_invitation(invitation_id => :'inv');
select tests.authenticate_as('acme_editor');
select w.id as wf from public.create_workflow(project_id => :'project', name => 'Order intake') w \gset
select tests.draft_id(:'wf') as d1 \gset
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(2), expected_revision => 1);
select tests.authenticate_as('acme_publisher');
select v.id as v1 from public.publish_draft(workflow_id => :'wf') v \gset
select tests.authenticate_as('acme_editor');
select d.id as d2 from public.create_draft(workflow_id => :'wf') d \gset
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(3), expected_revision => 1);
select public.revert_draft(workflow_id => :'wf', version_id => :'v1');
select public.discard_draft(workflow_id => :'wf');
select tests.authenticate_as('acme_owner');
select d.id as d3 from public.revert_draft(workflow_id => :'wf', version_id => :'v1') d \gset
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(4), expected_revision => 1);
select v.id as v2 from public.publish_draft(workflow_id => :'wf', note => 'second') v \gset
select tests.authenticate_as('acme_publisher');
select v.id as v3 from public.rollback_workflow(workflow_id => :'wf', version_id => :'v1') v \gset
select public.archive_workflow(workflow_id => :'wf');

-- TEST: the workflow's trail, in order, with actors and versions
select tests.clear_authentication();
select results_eq(
  format($$select action::text, actor_id, version_id from public.workflow_version_events where workflow_id = %L order by id$$, :'wf'),
  format($$values ('workflow_created', %1$L::uuid, %4$L::uuid),
                  ('draft_saved', %1$L::uuid, %4$L::uuid),
                  ('published', %2$L::uuid, %5$L::uuid),
                  ('draft_created', %1$L::uuid, %6$L::uuid),
                  ('draft_saved', %1$L::uuid, %6$L::uuid),
                  ('draft_reverted', %1$L::uuid, %6$L::uuid),
                  ('draft_discarded', %1$L::uuid, %6$L::uuid),
                  ('draft_reverted', %3$L::uuid, %9$L::uuid),
                  ('draft_saved', %3$L::uuid, %9$L::uuid),
                  ('published', %3$L::uuid, %7$L::uuid),
                  ('rolled_back', %2$L::uuid, %8$L::uuid),
                  ('archived', %2$L::uuid, %8$L::uuid)$$,
         tests.uid('acme_editor'), tests.uid('acme_publisher'), tests.uid('acme_owner'), :'d1', :'v1', :'d2', :'v2', :'v3', :'d3'),
  'one event per mutation: action, actor and version');

-- TEST: project-level events (no workflow): the invitation by the owner (no user id), then member_added by the invitee
select results_eq(
  format($$select action::text, actor_id, workflow_id, details ->> 'user_id' from public.workflow_version_events
           where project_id = %L and workflow_id is null order by id desc limit 2$$, :'project'),
  format($$values ('member_added', %2$L::uuid, null::uuid, %2$L), ('member_invited', %1$L::uuid, null::uuid, null)$$,
         tests.uid('acme_owner'), tests.uid('newbie')),
  'member_invited by the owner naming no user, then member_added by the invitee');

-- TEST: events carry the project and a time
select is((select count(*)::int from public.workflow_version_events where workflow_id = :'wf' and (project_id <> :'project' or occurred_at is null)), 0,
  'every event has the workflow''s project and occurred_at');

-- TEST: failed calls write nothing
select count(*) as events_before from public.workflow_version_events \gset
select tests.authenticate_as('acme_viewer');
select tests.sqlstate_of(format($$select public.create_workflow(project_id => %L, name => 'nope')$$, :'project'));
select tests.sqlstate_of(format($$select public.create_draft(workflow_id => %L)$$, :'wf'));
select tests.authenticate_as('acme_owner');
select tests.sqlstate_of(format($$select public.save_draft(workflow_id => %L, definition => '{}', expected_revision => 99)$$, :'wf'));
select tests.sqlstate_of(format($$select public.publish_draft(workflow_id => %L)$$, :'wf'));
select tests.sqlstate_of(format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', :'v3'));
select tests.sqlstate_of(format($$select public.invite_project_member(project_id => %L, email => 'not an address', role => 'viewer')$$, :'project'));
select tests.sqlstate_of($$select public.create_project(name => '')$$);
select tests.authenticate_as('globex_owner');
select tests.sqlstate_of(format($$select public.archive_workflow(workflow_id => %L)$$, :'wf'));
select tests.clear_authentication();
select is((select count(*) from public.workflow_version_events), :'events_before'::bigint, 'eight failed calls recorded nothing');

-- TEST: invalid publish and stale save on a live workflow record nothing either
select tests.setup_workflow('acme', 'Second', 1) as wf2 \gset
select tests.authenticate_as('acme_publisher');
select public.create_draft(workflow_id => :'wf2');
select public.save_draft(workflow_id => :'wf2', definition => '{"nodes": [], "edges": []}', expected_revision => 1);
select tests.event_count(:'wf2') as wf2_events \gset
select tests.sqlstate_of(format($$select public.publish_draft(workflow_id => %L)$$, :'wf2'));
select tests.sqlstate_of(format($$select public.save_draft(workflow_id => %L, definition => '{}', expected_revision => 1)$$, :'wf2'));
select tests.sqlstate_of(format($$select public.discard_draft(workflow_id => %L, expected_revision => 1)$$, :'wf2'));
select is(tests.event_count(:'wf2'), :'wf2_events'::bigint, 'PT422 publish, stale save and stale discard recorded nothing');

select * from finish();
rollback;
