-- create_project(name): any signed-in user; the caller becomes owner.
begin;
select plan(12);

select tests.create_user('alice') as alice \gset

-- TEST: a signed-in user creates a project and gets it back
select tests.authenticate_as('alice');
select p.id as project, p.name as project_name, p.created_by as project_created_by
from public.create_project(name => 'Acme automations') p \gset
select is(:'project_name'::text, 'Acme automations', 'returns the project with its name');
select is(:'project_created_by'::uuid, tests.uid('alice'), 'created_by is the caller');

-- TEST: the caller is the owner and can see the project through RLS
select results_eq(
  format($$select user_id, role::text from public.project_members where project_id = %L$$, :'project'),
  format($$values (%L::uuid, 'owner')$$, :'alice'),
  'the caller is its only member, as owner');
select results_eq($$select name from public.projects$$, $$values ('Acme automations')$$,
  'the owner sees the project');

-- TEST: the owner's membership is audited as member_added (project-level event, no workflow)
select tests.clear_authentication();
select results_eq(format($$select action::text, actor_id, workflow_id from public.workflow_version_events where project_id = %L$$, :'project'),
  format($$values ('member_added', %L::uuid, null::uuid)$$, :'alice'), 'one member_added event by the creator');

-- TEST: another user does not see it
select tests.create_user('bob');
select tests.authenticate_as('bob');
select is_empty($$select 1 from public.projects$$, 'a non-member sees no project');
select lives_ok($$select public.create_project(name => 'Bob''s')$$, 'a second user creates their own project');
select results_eq($$select name from public.projects$$, $$values ('Bob''s')$$, 'and sees only their own');

-- TEST: bad names are bad arguments
select tests.authenticate_as('alice');
select throws_ok($$select public.create_project(name => null)$$, '22023', null, 'null name → 22023');
select throws_ok($$select public.create_project(name => '   ')$$, '22023', null, 'blank name → 22023');

-- TEST: not signed in
select tests.authenticate_as_anon();
select throws_ok($$select public.create_project(name => 'x')$$, '42501', null, 'anon → 42501');
select tests.authenticate_as_service_role();
select throws_ok($$select public.create_project(name => 'x')$$, '42501', null,
  'service_role (no user to own it) → 42501');

select * from finish();
rollback;
