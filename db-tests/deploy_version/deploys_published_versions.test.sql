-- deploy_version(workflow_id, version_id, environment, note?): points an environment at a published
-- version of the workflow (no new number); to production it also moves current_version_id; one
-- `deployed` event. PT404 for a draft, another workflow's version or an unknown environment; PT409 when
-- that version is already deployed there, or the workflow is archived.
begin;
select plan(27);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.add_environment('acme', 'staging');
select tests.setup_workflow('acme', 'Order intake', 3) as wf \gset
select tests.setup_workflow('acme', 'Other', 1) as other \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 2) as v2, tests.version_id(:'wf', 3) as v3,
       tests.version_id(:'other', 1) as other_v1 \gset
select tests.event_count(:'wf') as events_before \gset

-- TEST: a publisher deploys v2 to staging: the deployment row, no new number, production untouched
select tests.authenticate_as('acme_publisher');
select results_eq(
  format($$select workflow_id, environment, project_id, version_id, deployed_by, note from public.deploy_version(workflow_id => %L, version_id => %L, environment => 'staging', note => ' try v2 ')$$, :'wf', :'v2'),
  format($$values (%L::uuid, 'staging', %L::uuid, %L::uuid, %L::uuid, 'try v2')$$, :'wf', :'project', :'v2', tests.uid('acme_publisher')),
  'the deployment: staging runs v2, deployed by the caller, note trimmed');
select is(tests.deployed_number(:'wf', 'staging'), 2, 'staging runs v2');
select is(tests.deployed_number(:'wf', 'production'), 3, 'production still runs v3');
select is(tests.current_version_number(:'wf'), 3, 'current_version_id is untouched');
select is(tests.version_numbers(:'wf'), array[1, 2, 3], 'no version was made');

-- TEST: one `deployed` event with the environment and what ran before
select is(tests.event_count(:'wf'), :'events_before'::bigint + 1, 'exactly one event');
select results_eq(
  format($$select (e).action::text, (e).actor_id, (e).version_id, (e).details from (select tests.last_event(%L) as e) x$$, :'project'),
  format($$values ('deployed', %L::uuid, %L::uuid, '{"environment": "staging", "version_number": 2, "note": "try v2"}'::jsonb)$$,
         tests.uid('acme_publisher'), :'v2'),
  'deployed: environment, version number, note (nothing ran there before)');

-- TEST: promotion to production moves current_version_id; the event names the previous version
select public.deploy_version(workflow_id => :'wf', version_id => :'v2', environment => 'production');
select is(tests.current_version_number(:'wf'), 2, 'production and current_version_id now v2');
select is(tests.deployed_number(:'wf', 'production'), 2, 'the production deployment is v2');
select is((tests.last_event(:'project')).details, jsonb_build_object('environment', 'production', 'version_number', 2,
  'previous_version_id', :'v3', 'previous_version_number', 3), 'the event names the version production ran before');

-- TEST: an older version may be deployed anywhere, any number of times, but not twice in a row
select public.deploy_version(workflow_id => :'wf', version_id => :'v1', environment => 'staging');
select is(tests.deployed_number(:'wf', 'staging'), 1, 'staging runs v1');
select throws_ok(format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'staging')$$, :'wf', :'v1'),
  'PT409', null, 'v1 is already deployed to staging → PT409');
select throws_ok(format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'production')$$, :'wf', :'v2'),
  'PT409', null, 'v2 is already deployed to production → PT409');

-- TEST: PT404 for a draft, another workflow's version, an unknown version or environment
select tests.authenticate_as('acme_editor');
select d.id as draft from public.create_draft(workflow_id => :'wf') d \gset
select tests.authenticate_as('acme_publisher');
select tests.event_count(:'wf') as events_mid \gset
select throws_ok(format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'staging')$$, :'wf', :'draft'),
  'PT404', null, 'the draft → PT404');
select throws_ok(format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'staging')$$, :'wf', :'other_v1'),
  'PT404', null, 'another workflow''s version → PT404');
select throws_ok(format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'staging')$$, :'wf', gen_random_uuid()),
  'PT404', null, 'an unknown version → PT404');
select throws_ok(format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'qa')$$, :'wf', :'v3'),
  'PT404', null, 'an unknown environment → PT404');
select throws_ok(format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'staging')$$, gen_random_uuid(), :'v3'),
  'PT404', null, 'an unknown workflow → PT404');

-- TEST: bad arguments → 22023
select throws_ok(format($$select public.deploy_version(workflow_id => %L, version_id => null, environment => 'staging')$$, :'wf'),
  '22023', null, 'version_id null → 22023');
select throws_ok(format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => null)$$, :'wf', :'v3'),
  '22023', null, 'environment null → 22023');
select throws_ok(format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'staging', note => %L)$$, :'wf', :'v3', repeat('n', 2001)),
  '22023', null, 'a note over 2000 characters → 22023');
select is(tests.event_count(:'wf'), :'events_mid'::bigint, 'refused calls write no event');

-- TEST: an archived workflow takes no deployment, and keeps the ones it has
select public.archive_workflow(workflow_id => :'wf');
select throws_ok(format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'staging')$$, :'wf', :'v3'),
  'PT409', null, 'archived → PT409');
select is(tests.deployed_number(:'wf', 'staging'), 1, 'its deployments stay as history');

-- TEST: not visible = not found; anon → 42501
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'staging')$$, :'other', :'other_v1'),
  'PT404', null, 'member of another project → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'staging')$$, :'other', :'other_v1'),
  '42501', null, 'anon → 42501');
select tests.authenticate_as_service_role();
select throws_ok(format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'staging')$$, :'other', :'other_v1'),
  '42501', null, 'service_role (no user) → 42501');

select * from finish();
rollback;
