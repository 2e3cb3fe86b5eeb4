-- add_project_member: an owner adds an existing account by e-mail or changes its role. Membership
-- changes of one project serialise on the project row, so two owners demoting each other cannot leave it
-- ownerless.

create or replace function public.add_project_member(project_id uuid, email text, role public.project_role)
returns public.project_members
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_uid uuid;
  v_user_id uuid;
  v_previous public.project_role;
  v_member public.project_members;
begin
  perform private.require_project_role(add_project_member.project_id, 'owner', 'add members or change roles');
  -- Membership changes of one project run one at a time, and the caller is checked again under that
  -- lock: two owners demoting each other at once cannot leave the project without an owner.
  perform 1 from public.projects p where p.id = add_project_member.project_id for no key update;
  perform private.require_project_role(add_project_member.project_id, 'owner', 'add members or change roles');
  v_uid := auth.uid();
  if add_project_member.role is null then
    perform private.raise_error('22023', 'role is required', 'Use one of viewer, editor, publisher, owner');
  end if;
  if add_project_member.email is null or length(btrim(add_project_member.email)) = 0 then
    perform private.raise_error('22023', 'email is required', 'Pass the email the person signed up with');
  end if;
  select u.id into v_user_id from auth.users u
  where lower(u.email) = lower(btrim(add_project_member.email)) and u.deleted_at is null
  order by u.created_at limit 1;
  if v_user_id is null then
    perform private.raise_error('PT404', format('No user has the email %s', btrim(add_project_member.email)),
      'Ask them to sign up first, then add them again');
  end if;
  select m.role into v_previous from public.project_members m
  where m.project_id = add_project_member.project_id and m.user_id = v_user_id
  for update;
  if v_previous = 'owner' and add_project_member.role <> 'owner' and not exists (
    select 1 from public.project_members m
    where m.project_id = add_project_member.project_id and m.role = 'owner' and m.user_id <> v_user_id
  ) then
    perform private.raise_error('PT409', 'A project keeps at least one owner',
      'Make someone else owner first, then change this role');
  end if;
  insert into public.project_members as m (project_id, user_id, role)
  values (add_project_member.project_id, v_user_id, add_project_member.role)
  on conflict on constraint project_members_pkey do update set role = excluded.role
  returning * into v_member;
  perform private.record_event(add_project_member.project_id, null, null, 'member_added',
    jsonb_build_object('user_id', v_user_id, 'email', lower(btrim(add_project_member.email)),
                       'role', add_project_member.role, 'previous_role', v_previous));
  return v_member;
end;
$$;
comment on function public.add_project_member(uuid, text, public.project_role) is
  'Adds an existing user (by email) to the project with the role, or changes their role. Owners only. Errors: 42501 not owner, PT404 project or user not found, PT409 last owner, 22023 bad argument.';

revoke all on function public.add_project_member(uuid, text, public.project_role) from public, anon;
grant execute on function public.add_project_member(uuid, text, public.project_role) to authenticated;
