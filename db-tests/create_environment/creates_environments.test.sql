-- create_environment(project_id, name, deploy_role? = 'publisher'): owners add environments; one
-- environment_created event; PT409 when the name exists; 22023 for a bad name or role.
begin;
select plan(20);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.project_event_count(:'project') as events_before \gset

-- TEST: an owner creates staging; the default deploy_role is publisher
select tests.authenticate_as('acme_owner');
select results_eq(
  format($$select project_id, name, deploy_role::text, created_by from public.create_environment(project_id => %L, name => 'staging')$$, :'project'),
  format($$values (%L::uuid, 'staging', 'publisher', %L::uuid)$$, :'project', tests.uid('acme_owner')),
  'staging is created with deploy_role publisher, by the owner');
select is(tests.project_event_count(:'project'), :'events_before'::bigint + 1, 'exactly one event');
select results_eq(
  format($$select (e).action::text, (e).actor_id, (e).workflow_id, (e).details from (select tests.last_event(%L) as e) x$$, :'project'),
  format($$values ('environment_created', %L::uuid, null::uuid, '{"environment": "staging", "deploy_role": "publisher"}'::jsonb)$$, tests.uid('acme_owner')),
  'environment_created names the environment and its role');

-- TEST: deploy_role may be editor or owner
select is((public.create_environment(project_id => :'project', name => 'dev', deploy_role => 'editor')).deploy_role::text, 'editor', 'dev for editors');
select is((public.create_environment(project_id => :'project', name => 'prod-eu-2', deploy_role => 'owner')).deploy_role::text, 'owner',
  'digits and hyphens are allowed; owner-only deployments');

-- TEST: the name is taken → PT409, nothing written
select tests.project_event_count(:'project') as events_mid \gset
select throws_ok(format($$select public.create_environment(project_id => %L, name => 'staging')$$, :'project'), 'PT409', null, 'staging again → PT409');
select throws_ok(format($$select public.create_environment(project_id => %L, name => 'production')$$, :'project'), 'PT409', null, 'production exists → PT409');
select is(tests.project_event_count(:'project'), :'events_mid'::bigint, 'a refused call writes no event');

-- TEST: bad names and roles → 22023
select throws_ok(format($$select public.create_environment(project_id => %L, name => 'Staging')$$, :'project'), '22023', null, 'upper case → 22023');
select throws_ok(format($$select public.create_environment(project_id => %L, name => '1st')$$, :'project'), '22023', null, 'a leading digit → 22023');
select throws_ok(format($$select public.create_environment(project_id => %L, name => '')$$, :'project'), '22023', null, 'empty → 22023');
select throws_ok(format($$select public.create_environment(project_id => %L, name => null)$$, :'project'), '22023', null, 'null → 22023');
select throws_ok(format($$select public.create_environment(project_id => %L, name => %L)$$, :'project', repeat('a', 33)), '22023', null, '33 characters → 22023');
select throws_ok(format($$select public.create_environment(project_id => %L, name => 'qa', deploy_role => 'viewer')$$, :'project'), '22023', null, 'deploy_role viewer → 22023');
select throws_ok(format($$select public.create_environment(project_id => %L, name => 'qa', deploy_role => null)$$, :'project'), '22023', null, 'deploy_role null → 22023');

-- TEST: who may not
select tests.authenticate_as('acme_publisher');
select throws_ok(format($$select public.create_environment(project_id => %L, name => 'qa')$$, :'project'), '42501', null, 'publisher → 42501');
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select public.create_environment(project_id => %L, name => 'qa')$$, :'project'), 'PT404', null, 'owner of another project → PT404');
select throws_ok(format($$select public.create_environment(project_id => %L, name => 'qa')$$, gen_random_uuid()), 'PT404', null, 'unknown project → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select public.create_environment(project_id => %L, name => 'qa')$$, :'project'), '42501', null, 'anon → 42501');

-- TEST: the project now has four environments
select tests.clear_authentication();
select results_eq(format($$select name from public.project_environments where project_id = %L order by name$$, :'project'),
  $$values ('dev'), ('prod-eu-2'), ('production'), ('staging')$$, 'dev, prod-eu-2, production, staging');

select * from finish();
rollback;
