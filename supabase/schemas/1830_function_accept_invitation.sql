-- accept_invitation: the invitee joins the project with the invited role. The membership trigger
-- (0110) records the one event, member_added, with the invitee as actor and the invitation's id.

create or replace function public.accept_invitation(invitation_id uuid)
returns public.project_members
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_invitation public.project_invitations := private.find_my_invitation(accept_invitation.invitation_id);
  v_member public.project_members;
begin
  -- Membership changes of the project serialise on its row (as the owners' RPCs do).
  perform 1 from public.projects p where p.id = v_invitation.project_id for no key update;
  select * into v_invitation from public.project_invitations i where i.id = v_invitation.id for update;
  perform private.require_pending_invitation(v_invitation);
  if private.member_role(v_invitation.project_id, v_uid) is not null then
    perform private.raise_error('PT409', 'You are already a member of this project',
      'Open the project from your projects page; decline this invitation if you do not need it');
  end if;
  update public.project_invitations i set accepted_at = now() where i.id = v_invitation.id;
  insert into public.project_members (project_id, user_id, role)
  values (v_invitation.project_id, v_uid, v_invitation.role)
  returning * into v_member;
  return v_member;
end;
$$;
comment on function public.accept_invitation(uuid) is
  'Accepts an invitation: the caller joins its project with its role and gets the membership row. Only the invitee (the signed-in user whose confirmed account e-mail is the invitation''s). Errors: 42501 not signed in, PT404 not found or not yours, PT409 expired, revoked, already answered or already a member.';

revoke all on function public.accept_invitation(uuid) from public, anon;
grant execute on function public.accept_invitation(uuid) to authenticated;
