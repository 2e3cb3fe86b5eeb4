-- GoTrue deletes an account (admin API, Studio's "Delete user") as supabase_auth_admin, which has no rights on
-- the public or private schemas: the cascade to project_members and its membership audit must still work.
begin;
select plan(3);

select tests.setup_project('acme') as project \gset
select tests.uid('acme_editor') as editor \gset

-- TEST: the account's deletion cascades to its membership and is audited as member_removed
grant usage on schema extensions to supabase_auth_admin; -- for pgTAP's lives_ok only (rolled back)
set local role supabase_auth_admin;
select lives_ok(format($$delete from auth.users where id = %L$$, :'editor'), 'supabase_auth_admin deletes a member''s account');
reset role;
select is_empty(format($$select 1 from public.project_members where user_id = %L$$, :'editor'), 'the membership is gone');
select results_eq(
  format($$select action::text, details ->> 'user_id' from public.workflow_version_events where project_id = %L order by id desc limit 1$$, :'project'),
  format($$values ('member_removed', %L)$$, :'editor'),
  'member_removed is recorded');

select * from finish();
rollback;
