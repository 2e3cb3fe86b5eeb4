-- remove_project_member: an owner removes a member (an owner may remove themself while another owner
-- remains). The membership trigger (0110) records member_removed.

create or replace function public.remove_project_member(project_id uuid, user_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_member public.project_members;
begin
  perform private.require_project_role(remove_project_member.project_id, 'owner', 'remove members');
  if remove_project_member.user_id is null then
    perform private.raise_error('22023', 'user_id is required', 'Pass the user_id of a member (list_project_members)');
  end if;
  perform private.lock_project_membership(remove_project_member.project_id, 'remove members');
  select * into v_member from public.project_members m
  where m.project_id = remove_project_member.project_id and m.user_id = remove_project_member.user_id
  for update;
  if v_member.user_id is null then
    perform private.raise_error('PT404', format('User %s is not a member of this project', remove_project_member.user_id),
      'Pick a member from list_project_members');
  end if;
  if v_member.role = 'owner' and not exists (
    select 1 from public.project_members m
    where m.project_id = remove_project_member.project_id and m.role = 'owner' and m.user_id <> remove_project_member.user_id
  ) then
    perform private.raise_error('PT409', 'A project keeps at least one owner: this is the last one',
      'Make someone else owner first, then remove this member');
  end if;
  delete from public.project_members m
  where m.project_id = remove_project_member.project_id and m.user_id = remove_project_member.user_id;
end;
$$;
comment on function public.remove_project_member(uuid, uuid) is
  'Removes a member from the project. Owners only; the last owner cannot be removed. Errors: 42501, PT404 project or member, PT409 last owner, 22023 bad argument.';

revoke all on function public.remove_project_member(uuid, uuid) from public, anon;
grant execute on function public.remove_project_member(uuid, uuid) to authenticated;
