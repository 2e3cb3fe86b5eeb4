-- workflows.current_version_id always equals the version deployed to production (both null when
-- production runs nothing): a deferrable constraint trigger on both tables checks it at the end of each
-- statement, for every writer; deferred (as these tests set it), at commit. SET CONSTRAINTS ALL IMMEDIATE
-- runs the pending checks now, as COMMIT would (these tests roll back).
-- Deployments point at a published version of their own workflow.
begin;
select plan(18);

select tests.setup_project('acme') as project \gset
select tests.add_environment('acme', 'staging');
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.setup_workflow('acme', 'Other', 1) as other \gset
select tests.setup_workflow('acme', 'Never published', 0) as fresh \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 2) as v2, tests.version_id(:'other', 1) as other_v1 \gset
select tests.clear_authentication();

-- TEST: the fixtures' publishes kept both pointers equal
select lives_ok('set constraints all immediate', 'every pending check passes: the RPCs keep the pointers equal');
set constraints all deferred;

-- TEST: moving current_version_id alone is refused at commit
savepoint s;
select lives_ok(format($$update public.workflows set current_version_id = %L where id = %L$$, :'v1', :'wf'),
  'the update itself is accepted (checked at commit)');
select throws_ok('set constraints all immediate', 'PT409', null, 'at commit: current_version_id ≠ production → PT409');
rollback to savepoint s;
set constraints all deferred;  -- rolling back to the savepoint restores the mode it saw

-- TEST: moving the production deployment alone is refused at commit; staging moves freely
savepoint s;
update public.workflow_deployments set version_id = :'v1' where workflow_id = :'wf' and environment = 'production';
select throws_ok('set constraints all immediate', 'PT409', null, 'production deployment ≠ current_version_id → PT409');
rollback to savepoint s;
set constraints all deferred;  -- rolling back to the savepoint restores the mode it saw
savepoint s;
insert into public.workflow_deployments (workflow_id, environment, project_id, version_id) values (:'wf', 'staging', :'project', :'v1');
select lives_ok('set constraints all immediate', 'a staging deployment by hand is fine');
rollback to savepoint s;
set constraints all deferred;  -- rolling back to the savepoint restores the mode it saw

-- TEST: removing the production deployment, or clearing current_version_id, alone → PT409
savepoint s;
delete from public.workflow_deployments where workflow_id = :'wf' and environment = 'production';
select throws_ok('set constraints all immediate', 'PT409', null, 'production deployment removed, current_version_id kept → PT409');
rollback to savepoint s;
set constraints all deferred;  -- rolling back to the savepoint restores the mode it saw
savepoint s;
update public.workflows set current_version_id = null where id = :'wf';
select throws_ok('set constraints all immediate', 'PT409', null, 'current_version_id cleared, production deployment kept → PT409');
rollback to savepoint s;
set constraints all deferred;  -- rolling back to the savepoint restores the mode it saw

-- TEST: moving both in one transaction, in either order, commits
savepoint s;
update public.workflows set current_version_id = :'v1' where id = :'wf';
update public.workflow_deployments set version_id = :'v1' where workflow_id = :'wf' and environment = 'production';
select lives_ok('set constraints all immediate', 'both moved together → fine at commit');
rollback to savepoint s;
set constraints all deferred;  -- rolling back to the savepoint restores the mode it saw

-- TEST: the message says what disagrees and the hint what to do
savepoint s;
update public.workflows set current_version_id = :'v1' where id = :'wf';
select ok(tests.error_message('set constraints all immediate') ~ 'must equal the version deployed to production', 'the message names the rule');
rollback to savepoint s;
set constraints all deferred;  -- rolling back to the savepoint restores the mode it saw

-- TEST: the RPCs move both pointers in one statement: they pass even with checks at every statement's end
set constraints all immediate;
select tests.authenticate_as('acme_publisher');
select lives_ok(format($$select public.deploy_version(workflow_id => %L, version_id => %L, environment => 'production')$$, :'wf', :'v1'),
  'deploy_version under immediate checks');
select lives_ok(format($$select public.rollback_workflow(workflow_id => %L, version_id => %L)$$, :'wf', :'v2'),
  'rollback_workflow under immediate checks');
select tests.authenticate_as('acme_editor');
select public.save_draft(workflow_id => :'fresh', definition => tests.valid_definition(3), expected_revision => 1);
select tests.authenticate_as('acme_publisher');
select lives_ok(format($$select public.publish_draft(workflow_id => %L)$$, :'fresh'), 'publish_draft (first publish) under immediate checks');
select tests.clear_authentication();
set constraints all deferred;

-- TEST: a deployment points at a published version of its own workflow, and keeps its key
select tests.authenticate_as('acme_editor');
select d.id as draft from public.create_draft(workflow_id => :'wf') d \gset
select tests.clear_authentication();
select throws_ok(format($$insert into public.workflow_deployments (workflow_id, environment, project_id, version_id) values (%L, 'staging', %L, %L)$$, :'wf', :'project', :'draft'),
  'PT409', null, 'a deployment of the draft → PT409');
select throws_ok(format($$insert into public.workflow_deployments (workflow_id, environment, project_id, version_id) values (%L, 'staging', %L, %L)$$, :'wf', :'project', :'other_v1'),
  'PT409', null, 'a deployment of another workflow''s version → PT409');
select throws_ok(format($$insert into public.workflow_deployments (workflow_id, environment, project_id, version_id) values (%L, 'qa', %L, %L)$$, :'wf', :'project', :'v1'),
  '23503', null, 'a deployment to an environment the project does not have → 23503');
select throws_ok(format($$update public.workflow_deployments set environment = 'staging' where workflow_id = %L$$, :'wf'),
  'PT409', null, 'a deployment does not move to another environment → PT409');

-- TEST: by default the check runs at the end of the statement: moving current_version_id alone fails at once
set constraints all immediate;
select throws_ok(format($$update public.workflows set current_version_id = %L where id = %L$$, :'v1', :'wf'),
  'PT409', null, 'immediate: current_version_id ≠ production → PT409 at the statement');
select is((select array_agg(tginitdeferred) from pg_trigger where tgname = '_900_production_pointer'), '{f,f}'::boolean[],
  'both checks are immediate unless a transaction defers them');

select * from finish();
rollback;
