-- decline_invitation: the invitee says no. The event names no user (an invitation's events carry no
-- user id until it is accepted).

create or replace function public.decline_invitation(invitation_id uuid)
returns public.project_invitations
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_invitation public.project_invitations := private.find_my_invitation(decline_invitation.invitation_id);
begin
  select * into v_invitation from public.project_invitations i where i.id = v_invitation.id for update;
  perform private.require_pending_invitation(v_invitation);
  update public.project_invitations i set declined_at = now() where i.id = v_invitation.id returning * into v_invitation;
  perform private.record_invitation_event(v_invitation, 'invitation_declined', false);
  return v_invitation;
end;
$$;
comment on function public.decline_invitation(uuid) is
  'Declines an invitation. Only the invitee (the signed-in user whose confirmed account e-mail is the invitation''s). Errors: 42501 not signed in, PT404 not found or not yours, PT409 expired, revoked or already answered.';

revoke all on function public.decline_invitation(uuid) from public, anon;
grant execute on function public.decline_invitation(uuid) to authenticated;
