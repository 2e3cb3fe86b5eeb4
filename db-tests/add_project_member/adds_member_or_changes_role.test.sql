-- add_project_member(project_id, email, role): owner only; changes the role of an existing member.
begin;
select plan(19);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.create_user('newbie') as newbie \gset

-- TEST: the owner adds an existing user by email
select tests.authenticate_as('acme_owner');
select m.user_id as member_user, m.role as member_role, m.project_id as member_project
from public.add_project_member(project_id => :'project', email => tests.email('newbie'), role => 'editor') m \gset
select is(:'member_user'::uuid, :'newbie'::uuid, 'returns the member row for the user');
select is(:'member_role'::text, 'editor', 'with the role given');
select is(:'member_project'::uuid, :'project'::uuid, 'in the project given');

-- TEST: the new member sees the project
select tests.authenticate_as('newbie');
select results_eq($$select id from public.projects$$, format($$values (%L::uuid)$$, :'project'),
  'the new member can read the project');

-- TEST: adding again changes the role, still one membership
select tests.authenticate_as('acme_owner');
select lives_ok(format($$select public.add_project_member(project_id => %L, email => %L, role => 'publisher')$$,
  :'project', tests.email('newbie')), 'adding an existing member again lives');
select results_eq(
  format($$select role::text from public.project_members where project_id = %L and user_id = %L$$, :'project', :'newbie'),
  $$values ('publisher')$$, 'the role changed and the membership is not duplicated');

-- TEST: email lookup is case-insensitive like GoTrue's
select lives_ok(format($$select public.add_project_member(project_id => %L, email => %L, role => 'viewer')$$,
  :'project', upper(tests.email('newbie'))), 'an upper-cased email finds the user');

-- TEST: member_added is recorded for each call, with the owner as actor
select tests.clear_authentication();
select is((select count(*)::int from public.workflow_version_events where project_id = :'project' and action = 'member_added'
             and actor_id = tests.uid('acme_owner') and details ->> 'user_id' = :'newbie'), 3, 'three member_added events for newbie');
select tests.authenticate_as('acme_owner');

-- TEST: a project keeps at least one owner
select throws_ok(format($$select public.add_project_member(project_id => %L, email => %L, role => 'viewer')$$, :'project', tests.email('acme_owner')),
  'PT409', null, 'the only owner cannot demote themself → PT409');

-- TEST: error cases
select throws_ok(format($$select public.add_project_member(project_id => %L, email => 'nobody@nowhere.example', role => 'viewer')$$, :'project'),
  'PT404', null, 'unknown email → PT404');
select throws_ok(format($$select public.add_project_member(project_id => %L, email => null, role => 'viewer')$$, :'project'),
  '22023', null, 'null email → 22023');
select throws_ok(format($$select public.add_project_member(project_id => %L, email => %L, role => null)$$, :'project', tests.email('newbie')),
  '22023', null, 'null role → 22023');
select is(left(tests.sqlstate_of(format($$select public.add_project_member(project_id => %L, email => %L, role => 'superuser')$$,
  :'project', tests.email('newbie'))), 2), '22', 'unknown role → a class 22 bad-argument error');
select throws_ok(format($$select public.add_project_member(project_id => %L, email => %L, role => 'viewer')$$,
  gen_random_uuid(), tests.email('newbie')), 'PT404', null, 'unknown project → PT404');

-- TEST: only the owner
select tests.authenticate_as('acme_publisher');
select throws_ok(format($$select public.add_project_member(project_id => %L, email => %L, role => 'viewer')$$, :'project', tests.email('newbie')),
  '42501', null, 'publisher → 42501');
select tests.authenticate_as('acme_editor');
select throws_ok(format($$select public.add_project_member(project_id => %L, email => %L, role => 'viewer')$$, :'project', tests.email('newbie')),
  '42501', null, 'editor → 42501');
select tests.authenticate_as('acme_viewer');
select throws_ok(format($$select public.add_project_member(project_id => %L, email => %L, role => 'owner')$$, :'project', tests.email('acme_viewer')),
  '42501', null, 'viewer (even promoting themself) → 42501');
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select public.add_project_member(project_id => %L, email => %L, role => 'owner')$$, :'project', tests.email('globex_owner')),
  'PT404', null, 'owner of another project → PT404 (not visible)');
select tests.authenticate_as_anon();
select throws_ok(format($$select public.add_project_member(project_id => %L, email => %L, role => 'viewer')$$, :'project', tests.email('newbie')),
  '42501', null, 'anon → 42501');

select * from finish();
rollback;
