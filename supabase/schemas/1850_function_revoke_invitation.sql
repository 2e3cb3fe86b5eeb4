-- revoke_invitation: an owner withdraws a pending invitation.

create or replace function public.revoke_invitation(invitation_id uuid)
returns public.project_invitations
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_invitation public.project_invitations;
begin
  if revoke_invitation.invitation_id is null then
    perform private.raise_error('22023', 'invitation_id is required', 'Pass the id of a pending invitation of your project');
  end if;
  select * into v_invitation from public.project_invitations i where i.id = revoke_invitation.invitation_id;
  if v_invitation.id is null or private.member_role(v_invitation.project_id, v_uid) is null then
    perform private.raise_error('PT404', format('Invitation %s not found', revoke_invitation.invitation_id),
      'Check the id; owners see the invitations of their projects');
  end if;
  perform private.require_project_role(v_invitation.project_id, 'owner', 'revoke invitations');
  perform private.lock_project_membership(v_invitation.project_id, 'revoke invitations');
  select * into v_invitation from public.project_invitations i where i.id = v_invitation.id for update;
  perform private.require_pending_invitation(v_invitation);
  update public.project_invitations i set revoked_at = now() where i.id = v_invitation.id returning * into v_invitation;
  perform private.record_invitation_event(v_invitation, 'invitation_revoked', true);
  return v_invitation;
end;
$$;
comment on function public.revoke_invitation(uuid) is
  'Revokes a pending invitation of the project. Owners only. Errors: 42501, PT404 invitation not found or not visible, PT409 not pending (accepted, declined, revoked or expired).';

revoke all on function public.revoke_invitation(uuid) from public, anon;
grant execute on function public.revoke_invitation(uuid) to authenticated;
