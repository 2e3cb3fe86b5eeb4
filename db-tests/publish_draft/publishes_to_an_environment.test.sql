-- publish_draft(workflow_id, expected_revision?, note?, environment? = 'production'): the new version is
-- deployed only to `environment`; current_version_id moves only for production; "nothing to publish"
-- compares with what that environment runs; PT404 for an unknown environment; one `published` event
-- naming the environment (no separate `deployed` event).
begin;
select plan(19);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.add_environment('acme', 'staging');
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.version_id(:'wf', 1) as v1 \gset

-- TEST: the default is production, as in phase 1
select is(tests.deployed_number(:'wf', 'production'), 1, 'v1 was published to production (the default)');
select is(tests.current_version_number(:'wf'), 1, 'and is current');
select is((select details ->> 'environment' from public.workflow_version_events where workflow_id = :'wf' and action = 'published'),
  'production', 'its published event names production');

-- TEST: publishing to staging deploys there only
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(5), expected_revision => 1);
select tests.event_count(:'wf') as events_before \gset
select tests.authenticate_as('acme_publisher');
select v.id as v2, v.version_number as v2_number from public.publish_draft(workflow_id => :'wf', expected_revision => 2, note => 'try it', environment => 'staging') v \gset
select is(:'v2_number'::int, 2, 'the next number, wherever it goes');
select is(tests.deployed_number(:'wf', 'staging'), 2, 'staging runs v2');
select is(tests.deployed_number(:'wf', 'production'), 1, 'production still runs v1');
select is(tests.current_version_number(:'wf'), 1, 'current_version_id did not move');
select is(tests.draft_id(:'wf'), null, 'no draft remains');

-- TEST: exactly one event, `published`, with the environment; the deployment row records who and the note
select is(tests.event_count(:'wf'), :'events_before'::bigint + 1, 'exactly one event');
select results_eq(
  format($$select action::text, version_id, details ->> 'environment', details ->> 'version_number' from public.workflow_version_events where workflow_id = %L order by id desc limit 1$$, :'wf'),
  format($$values ('published', %L::uuid, 'staging', '2')$$, :'v2'),
  'published, naming staging');
select results_eq(format($$select deployed_by, note from public.workflow_deployments where workflow_id = %L and environment = 'staging'$$, :'wf'),
  format($$values (%L::uuid, 'try it')$$, tests.uid('acme_publisher')), 'the staging deployment records the publisher and the note');

-- TEST: "nothing to publish" compares with what the named environment runs
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');  -- starts from v2, the latest published version
select tests.authenticate_as('acme_publisher');
select throws_ok(format($$select public.publish_draft(workflow_id => %L, environment => 'staging')$$, :'wf'),
  'PT409', null, 'a draft identical to what staging runs → PT409');
select is(tests.error_message(format($$select public.publish_draft(workflow_id => %L, environment => 'staging')$$, :'wf')),
  'Nothing to publish: the draft is identical to version 2, which staging runs', 'the message names the version and environment');
select is(tests.version_numbers(:'wf'), array[1, 2], 'the refused publish left no number behind');
select v.version_number as v3_number from public.publish_draft(workflow_id => :'wf') v \gset
select is(:'v3_number'::int, 3, 'the same draft publishes to production, which runs v1');
select is(tests.current_version_number(:'wf'), 3, 'production and current_version_id move to v3');

-- TEST: an unknown environment → PT404, nothing written
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(6), expected_revision => 1);
select tests.authenticate_as('acme_publisher');
select throws_ok(format($$select public.publish_draft(workflow_id => %L, environment => 'qa')$$, :'wf'), 'PT404', null, 'unknown environment → PT404');
select throws_ok(format($$select public.publish_draft(workflow_id => %L, environment => null)$$, :'wf'), '22023', null, 'environment null → 22023');
select is(tests.draft_revision(:'wf'), 2, 'the draft is untouched');

select * from finish();
rollback;
