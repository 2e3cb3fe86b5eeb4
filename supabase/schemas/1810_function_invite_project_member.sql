-- invite_project_member: an owner invites an e-mail address with a role. The address is never looked
-- up among accounts: whether it has one or not, the answer, its errors and the work done are the same.
-- (The only comparison with account e-mails is against the project's own members, whom the owner sees
-- anyway.)

create or replace function public.invite_project_member(project_id uuid, email text, role public.project_role)
returns public.project_invitations
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_email text;
  v_invitation public.project_invitations;
begin
  perform private.require_project_role(invite_project_member.project_id, 'owner', 'invite members');
  v_email := private.require_email(invite_project_member.email);
  if invite_project_member.role is null then
    perform private.raise_error('22023', 'role is required', 'Use one of viewer, editor, publisher, owner');
  end if;
  perform private.lock_project_membership(invite_project_member.project_id, 'invite members');
  if exists (
    select 1 from public.project_members m join auth.users u on u.id = m.user_id
    where m.project_id = invite_project_member.project_id and lower(u.email) = v_email
  ) then
    perform private.raise_error('PT409', format('%s is already a member of this project', v_email),
      'Change their role on the members page (set_member_role) instead');
  end if;
  if exists (
    select 1 from public.project_invitations i
    where i.project_id = invite_project_member.project_id and i.email = v_email
      and i.accepted_at is null and i.declined_at is null and i.revoked_at is null and i.expires_at > now()
  ) then
    perform private.raise_error('PT409', format('%s already has a pending invitation to this project', v_email),
      'Wait for the answer, or revoke that invitation (revoke_invitation) and invite again');
  end if;
  insert into public.project_invitations (project_id, email, role, invited_by)
  values (invite_project_member.project_id, v_email, invite_project_member.role, auth.uid())
  returning * into v_invitation;
  perform private.record_invitation_event(v_invitation, 'member_invited', true);
  return v_invitation;
end;
$$;
comment on function public.invite_project_member(uuid, text, public.project_role) is
  'Invites an e-mail address to the project with a role, valid 14 days; the person accepts or declines after signing in with that address. The answer is the same whether or not the address has an account. Owners only. Errors: 42501, PT404 project, PT409 already a member or already invited, 22023 bad e-mail or role.';

revoke all on function public.invite_project_member(uuid, text, public.project_role) from public, anon;
grant execute on function public.invite_project_member(uuid, text, public.project_role) to authenticated;
