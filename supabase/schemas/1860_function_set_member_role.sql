-- set_member_role: an owner changes a member's role. The project keeps at least one owner. The
-- membership trigger (0110) records member_role_changed.

create or replace function public.set_member_role(project_id uuid, user_id uuid, role public.project_role)
returns public.project_members
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_member public.project_members;
begin
  perform private.require_project_role(set_member_role.project_id, 'owner', 'change roles');
  if set_member_role.user_id is null then
    perform private.raise_error('22023', 'user_id is required', 'Pass the user_id of a member (list_project_members)');
  end if;
  if set_member_role.role is null then
    perform private.raise_error('22023', 'role is required', 'Use one of viewer, editor, publisher, owner');
  end if;
  perform private.lock_project_membership(set_member_role.project_id, 'change roles');
  select * into v_member from public.project_members m
  where m.project_id = set_member_role.project_id and m.user_id = set_member_role.user_id
  for update;
  if v_member.user_id is null then
    perform private.raise_error('PT404', format('User %s is not a member of this project', set_member_role.user_id),
      'Pick a member from list_project_members; invite new people with invite_project_member');
  end if;
  if v_member.role = set_member_role.role then
    return v_member;  -- nothing changes, so no event
  end if;
  if v_member.role = 'owner' and not exists (
    select 1 from public.project_members m
    where m.project_id = set_member_role.project_id and m.role = 'owner' and m.user_id <> set_member_role.user_id
  ) then
    perform private.raise_error('PT409', 'A project keeps at least one owner: this is the last one',
      'Make someone else owner first, then change this role');
  end if;
  update public.project_members m set role = set_member_role.role
  where m.project_id = set_member_role.project_id and m.user_id = set_member_role.user_id
  returning * into v_member;
  return v_member;
end;
$$;
comment on function public.set_member_role(uuid, uuid, public.project_role) is
  'Changes a member''s role (the same role: no change, no event). Owners only; the last owner cannot be demoted. Errors: 42501, PT404 project or member, PT409 last owner, 22023 bad argument.';

revoke all on function public.set_member_role(uuid, uuid, public.project_role) from public, anon;
grant execute on function public.set_member_role(uuid, uuid, public.project_role) to authenticated;
