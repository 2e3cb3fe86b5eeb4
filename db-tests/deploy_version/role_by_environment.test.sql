-- The role × environment matrix: each environment names the least role that may deploy to it
-- (deploy_role editor, publisher or owner). deploy_version needs that role; publish_draft needs publisher
-- AND that role; rollback_workflow needs publisher and production's role. Every cell starts from the same
-- state and is rolled back (tests.outcome_as): 'ok' or the SQLSTATE.
begin;
select plan(25);

select tests.setup_project('acme') as project \gset
select tests.add_environment('acme', 'dev', 'editor');
select tests.add_environment('acme', 'staging', 'publisher');
select tests.add_environment('acme', 'vault', 'owner');
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.version_id(:'wf', 1) as v1 \gset
-- a draft that differs from every deployed version, so publish_draft can succeed anywhere
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(7), expected_revision => 1);
select tests.clear_authentication();

-- TEST: deploy_version and publish_draft, role × environment
with envs(eord, env) as (values (1, 'dev'), (2, 'staging'), (3, 'vault')),
     callers(cord, role) as (values (1, 'viewer'), (2, 'editor'), (3, 'publisher'), (4, 'owner')),
     expected(role, env, deploy, publish) as (values
       ('viewer', 'dev', '42501', '42501'), ('viewer', 'staging', '42501', '42501'), ('viewer', 'vault', '42501', '42501'),
       ('editor', 'dev', 'ok', '42501'), ('editor', 'staging', '42501', '42501'), ('editor', 'vault', '42501', '42501'),
       ('publisher', 'dev', 'ok', 'ok'), ('publisher', 'staging', 'ok', 'ok'), ('publisher', 'vault', '42501', '42501'),
       ('owner', 'dev', 'ok', 'ok'), ('owner', 'staging', 'ok', 'ok'), ('owner', 'vault', 'ok', 'ok'))
select is(
  array[tests.outcome_as('acme_' || callers.role,
          format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => %L)$$, :'wf', :'v1', envs.env)),
        tests.outcome_as('acme_' || callers.role,
          format($$select public.publish_draft(workflow_id => %L, environment => %L)$$, :'wf', envs.env))],
  array[expected.deploy, expected.publish],
  format('%s × %s (deploy_role %s): deploy_version %s, publish_draft %s', callers.role, envs.env,
         case envs.env when 'dev' then 'editor' when 'staging' then 'publisher' else 'owner' end, expected.deploy, expected.publish))
from envs cross join callers join expected on expected.role = callers.role and expected.env = envs.env
order by envs.eord, callers.cord; -- PLAN+11

-- TEST: production (deploy_role publisher by default): editors cannot deploy or roll back there
select is(tests.outcome_as('acme_editor', format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'production')$$, :'wf', :'v1')),
  '42501', 'editor × production: deploy_version 42501');
select is(tests.outcome_as('acme_publisher', format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'production')$$, :'wf', :'v1')),
  'ok', 'publisher × production: deploy_version ok');
select is(tests.outcome_as('acme_publisher', format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', :'v1')),
  'ok', 'publisher: rollback_workflow ok');

-- TEST: an operator raises production's role to owner: then only owners deploy, publish to it or roll back
update public.project_environments set deploy_role = 'owner' where project_id = :'project' and name = 'production';
with callers(cord, role, expected) as (values (1, 'editor', '42501'), (2, 'publisher', '42501'), (3, 'owner', 'ok'))
select is(
  array[tests.outcome_as('acme_' || callers.role, format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'production')$$, :'wf', :'v1')),
        tests.outcome_as('acme_' || callers.role, format($$select public.publish_draft(workflow_id => %L)$$, :'wf')),
        tests.outcome_as('acme_' || callers.role, format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', :'v1'))],
  array[callers.expected, callers.expected, callers.expected],
  format('%s × production (deploy_role owner): deploy, publish, roll back → %s', callers.role, callers.expected))
from callers order by callers.cord; -- PLAN+2

-- TEST: the refusal says which environment and which role is needed
select tests.authenticate_as('acme_publisher');
select is(tests.error_message(format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'vault')$$, :'wf', :'v1')),
  'Your role in this project (publisher) cannot deploy to vault', 'the message names the environment');
select is(tests.error_hint(format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'vault')$$, :'wf', :'v1')),
  'Ask a project owner for the owner role', 'the hint names the role');

-- TEST: the matrix wrote nothing (every cell rolled back)
select tests.clear_authentication();
select is(tests.version_numbers(:'wf'), array[1, 2], 'still two versions');
select is(tests.deployed_number(:'wf', 'dev'), null, 'dev still runs nothing');
select is(tests.deployed_number(:'wf', 'production'), 2, 'production still runs v2');
select is(tests.draft_revision(:'wf'), 2, 'the draft is still there');
select is((select count(*)::int from public.workflow_version_events where workflow_id = :'wf' and action in ('deployed', 'rolled_back')), 0,
  'no deployed or rolled_back event was kept');

select * from finish();
rollback;
