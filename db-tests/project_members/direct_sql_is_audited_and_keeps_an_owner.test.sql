-- The seed and operators add members with SQL: a trigger records member_added, member_role_changed and
-- member_removed for every writer (no actor when nobody is signed in), and keeps an owner in every
-- project, except when the project or the account itself is deleted.
begin;
select plan(13);

select tests.setup_project('acme') as project \gset
select tests.create_user('newbie') as newbie \gset
select tests.clear_authentication();
select max(id) as before from public.workflow_version_events \gset

-- TEST: insert, role change and delete by SQL are each audited once, with no actor
insert into public.project_members (project_id, user_id, role) values (:'project', :'newbie', 'viewer');
update public.project_members set role = 'editor' where project_id = :'project' and user_id = :'newbie';
update public.project_members set updated_at = now() where project_id = :'project' and user_id = :'newbie';
delete from public.project_members where project_id = :'project' and user_id = :'newbie';
select results_eq(
  format($$select action::text, actor_id, details from public.workflow_version_events where id > %s order by id$$, :'before'),
  format($$values ('member_added', null::uuid, jsonb_build_object('user_id', %1$L::text, 'role', 'viewer')),
                  ('member_role_changed', null::uuid, jsonb_build_object('user_id', %1$L::text, 'role', 'editor', 'previous_role', 'viewer')),
                  ('member_removed', null::uuid, jsonb_build_object('user_id', %1$L::text, 'role', 'editor'))$$, :'newbie'),
  'three events, no actor; touching updated_at alone records nothing');

-- TEST: the fixture members were recorded the same way
select is((select count(*)::int from public.workflow_version_events where project_id = :'project' and action = 'member_added' and actor_id is null
            and details ->> 'user_id' <> :'newbie'), 3,
  'the publisher, editor and viewer inserted by the fixture: three member_added without actor');

-- TEST: create_project's owner: one member_added by the creator, reason project_created
select results_eq(
  format($$select actor_id, details ->> 'reason' from public.workflow_version_events where project_id = %L and action = 'member_added' and actor_id is not null$$, :'project'),
  format($$values (%L::uuid, 'project_created')$$, tests.uid('acme_owner')),
  'the creator''s membership is recorded once, by the creator');

-- TEST: a signed-in writer is the actor (what the RPCs do)
select set_config('request.jwt.claims', jsonb_build_object('sub', tests.uid('acme_owner'), 'role', 'authenticated')::text, true);
insert into public.project_members (project_id, user_id, role) values (:'project', :'newbie', 'viewer');
select tests.clear_authentication();
select is((select actor_id from public.workflow_version_events where action = 'member_added' order by id desc limit 1), tests.uid('acme_owner'),
  'with claims set, the signed-in user is the actor');

-- TEST: the last owner cannot be demoted or deleted by SQL either
select throws_ok(format($$update public.project_members set role = 'publisher' where project_id = %L and user_id = %L$$, :'project', tests.uid('acme_owner')),
  'PT409', null, 'SQL demoting the last owner → PT409');
select throws_ok(format($$delete from public.project_members where project_id = %L and user_id = %L$$, :'project', tests.uid('acme_owner')),
  'PT409', null, 'SQL deleting the last owner → PT409');
select throws_ok(format($$delete from public.project_members where project_id = %L$$, :'project'),
  'PT409', null, 'SQL deleting every member → PT409');
select throws_ok(format($$update public.project_members set user_id = %L where project_id = %L and user_id = %L$$, :'newbie', :'project', tests.uid('acme_viewer')),
  'PT409', null, 'a membership does not move to another user');
-- with two owners, one may go
update public.project_members set role = 'owner' where project_id = :'project' and user_id = :'newbie';
select lives_ok(format($$delete from public.project_members where project_id = %L and user_id = %L$$, :'project', tests.uid('acme_owner')),
  'with another owner, SQL may delete an owner');

-- TEST: deleting the project or the account takes the memberships with it
select tests.create_user('solo') as solo \gset
select set_config('request.jwt.claims', jsonb_build_object('sub', :'solo', 'role', 'authenticated')::text, true);
select (public.create_project(name => 'Solo')).id as solo_project \gset
select tests.clear_authentication();
select lives_ok(format($$delete from auth.users where id = %L$$, :'solo'), 'deleting the last owner''s account is allowed');
select is((select count(*)::int from public.project_members where project_id = :'solo_project'), 0, 'its membership went with it');
select tests.create_user('solo2') as solo2 \gset
select set_config('request.jwt.claims', jsonb_build_object('sub', :'solo2', 'role', 'authenticated')::text, true);
select (public.create_project(name => 'Solo 2')).id as solo2_project \gset
select tests.clear_authentication();
select lives_ok(format($$delete from public.projects where id = %L$$, :'solo2_project'), 'deleting a project deletes its owner''s membership');
select is((select count(*)::int from public.project_members where project_id = :'solo2_project'), 0, 'no membership remains');

select * from finish();
rollback;
