-- resolve_workflow(workflow_id, environment? = 'production'): the version an environment runs now, with
-- its definition and hash, for members and the service_role key; PT404 when nothing is deployed or the
-- environment is unknown; PT409 for an archived workflow. Read-only, and O(1) in history length.
begin;
select plan(16);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.add_environment('acme', 'staging');
select tests.add_environment('acme', 'dev', 'editor');
select tests.setup_workflow('acme', 'Order intake', 3) as wf \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 3) as v3 \gset
select tests.authenticate_as('acme_publisher');
select public.deploy_version(workflow_id => :'wf', version_id => :'v1', environment => 'staging');
select tests.event_count(:'wf') as events_before \gset

-- TEST: the shape: a single object with the contract's fields
select tests.authenticate_as('acme_viewer');
select is(
  (select array_agg(k order by n) from json_object_keys(row_to_json(public.resolve_workflow(workflow_id => :'wf'))) with ordinality as t(k, n)),
  array['workflow_id', 'environment', 'version_id', 'version_number', 'definition', 'definition_hash'],
  'workflow_id, environment, version_id, version_number, definition, definition_hash');

-- TEST: production by default; any environment by name
select results_eq(format($$select workflow_id, environment, version_id, version_number, definition, definition_hash from public.resolve_workflow(workflow_id => %L)$$, :'wf'),
  format($$select %L::uuid, 'production', id, version_number, definition, definition_hash from public.workflow_versions where id = %L$$, :'wf', :'v3'),
  'a viewer: production runs v3, with its definition and hash');
select results_eq(format($$select version_id, version_number from public.resolve_workflow(workflow_id => %L, environment => 'staging')$$, :'wf'),
  format($$values (%L::uuid, 1)$$, :'v1'), 'staging runs v1');

-- TEST: the orchestrator's key (service_role) resolves any workflow
select tests.authenticate_as_service_role();
select is((public.resolve_workflow(workflow_id => :'wf')).version_id, :'v3'::uuid, 'service_role resolves production');
select is((public.resolve_workflow(workflow_id => :'wf', environment => 'staging')).version_number, 1, 'service_role resolves staging');
select throws_ok(format($$select public.resolve_workflow(workflow_id => %L)$$, gen_random_uuid()), 'PT404', null, 'service_role: unknown workflow → PT404');

-- TEST: PT404 when nothing is deployed there, or the environment is unknown
select tests.authenticate_as('acme_editor');
select throws_ok(format($$select public.resolve_workflow(workflow_id => %L, environment => 'dev')$$, :'wf'), 'PT404', null, 'dev runs nothing → PT404');
select throws_ok(format($$select public.resolve_workflow(workflow_id => %L, environment => 'qa')$$, :'wf'), 'PT404', null, 'unknown environment → PT404');
select throws_ok(format($$select public.resolve_workflow(workflow_id => %L, environment => null)$$, :'wf'), '22023', null, 'environment null → 22023');
select isnt(tests.error_message(format($$select public.resolve_workflow(workflow_id => %L, environment => 'dev')$$, :'wf')),
  tests.error_message(format($$select public.resolve_workflow(workflow_id => %L, environment => 'qa')$$, :'wf')),
  'the two PT404s say which: nothing deployed, or no such environment');

-- TEST: it writes nothing
select is(tests.event_count(:'wf'), :'events_before'::bigint, 'resolving records no event');
select is((select provolatile::text from pg_proc where oid = 'public.resolve_workflow(uuid, text)'::regprocedure), 's', 'it is stable (GET-able, read-only)');

-- TEST: not visible = not found; anon → 42501
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select public.resolve_workflow(workflow_id => %L)$$, :'wf'), 'PT404', null, 'member of another project → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select public.resolve_workflow(workflow_id => %L)$$, :'wf'), '42501', null, 'anon → 42501');

-- TEST: an archived workflow does not resolve (PT409), for members and the orchestrator alike
select tests.authenticate_as('acme_publisher');
select public.archive_workflow(workflow_id => :'wf');
select throws_ok(format($$select public.resolve_workflow(workflow_id => %L)$$, :'wf'), 'PT409', null, 'archived → PT409');
select tests.authenticate_as_service_role();
select throws_ok(format($$select public.resolve_workflow(workflow_id => %L)$$, :'wf'), 'PT409', null, 'service_role: archived → PT409');

select * from finish();
rollback;
