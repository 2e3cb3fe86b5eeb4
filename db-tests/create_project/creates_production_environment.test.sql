-- Every project has a production environment from the moment it exists, whoever creates the project
-- (create_project or direct SQL), and it stays: it cannot be renamed or removed.
begin;
select plan(7);

select tests.setup_project('acme') as project \gset

-- TEST: create_project gives the project production (deploy_role publisher), created by the owner
select results_eq(
  format($$select name, deploy_role::text, created_by from public.project_environments where project_id = %L$$, :'project'),
  format($$values ('production', 'publisher', %L::uuid)$$, tests.uid('acme_owner')),
  'create_project: the project has exactly production, deployable by publishers');

-- TEST: a project inserted by direct SQL (an operator, the seed) gets it too
insert into public.projects (name) values ('Made by hand') returning id as by_hand \gset
select results_eq(format($$select name from public.project_environments where project_id = %L$$, :'by_hand'),
  $$values ('production')$$, 'a project inserted directly has production');

-- TEST: production stays: not renamed, not removed, even by the table owner
select throws_ok(format($$update public.project_environments set name = 'prod' where project_id = %L$$, :'project'),
  'PT409', null, 'renaming production → PT409');
select throws_ok(format($$delete from public.project_environments where project_id = %L and name = 'production'$$, :'project'),
  'PT409', null, 'removing production → PT409');
select lives_ok(format($$update public.project_environments set deploy_role = 'owner' where project_id = %L$$, :'project'),
  'an operator may still raise the role production needs');

-- TEST: deleting the project takes its environments with it
delete from public.projects where id = :'by_hand';
select is_empty(format($$select 1 from public.project_environments where project_id = %L$$, :'by_hand'),
  'a deleted project leaves no environment behind');

-- TEST: members read their projects' environments, others see none
select tests.authenticate_as('acme_viewer');
select is((select count(*)::int from public.project_environments), 1, 'a viewer reads the one environment of their project');

select * from finish();
rollback;
