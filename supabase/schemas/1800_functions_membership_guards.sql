-- Helpers of invitations and member management (1810–1870).

-- Membership changes of one project run one at a time: they lock the project's row, then check the
-- caller is still an owner (a demotion committed while they waited is seen), so two owners demoting
-- each other at once cannot leave the project without an owner.

create or replace function private.lock_project_membership(project_id uuid, action text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform 1 from public.projects p where p.id = lock_project_membership.project_id for no key update;
  perform private.require_project_role(lock_project_membership.project_id, 'owner', lock_project_membership.action);
end;
$$;
comment on function private.lock_project_membership(uuid, text) is
  'Locks the project''s row (membership changes serialise on it) and checks again that the caller is an owner.';

-- An e-mail address as invitations store it: trimmed and lower-cased; 22023 when it is not one.

create or replace function private.require_email(email text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_email text := lower(btrim(require_email.email, E' \t\n\r\f\013'));
begin
  if v_email is null or v_email = '' then
    perform private.raise_error('22023', 'email is required', 'Pass the e-mail address of the person to invite');
  end if;
  if length(v_email) > 320 or v_email !~ '^[^@ \t\n\r\f\v]+@[^@ \t\n\r\f\v]+$' then
    perform private.raise_error('22023', 'email must be an e-mail address (name@domain)',
      'Check the address for typos; it needs exactly one @ and no spaces');
  end if;
  return v_email;
end;
$$;
comment on function private.require_email(text) is 'The address trimmed and lower-cased; raises 22023 unless it looks like an e-mail address.';

-- The invitation, when the caller is its invitee: the signed-in user whose confirmed account e-mail
-- is the invitation's. PT404 for anyone else (not found = not yours).

create or replace function private.find_my_invitation(invitation_id uuid)
returns public.project_invitations
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_email text;
  v_invitation public.project_invitations;
begin
  perform private.require_user();
  if find_my_invitation.invitation_id is null then
    perform private.raise_error('22023', 'invitation_id is required', 'Pass the id of one of your invitations (list_my_invitations)');
  end if;
  v_email := private.caller_confirmed_email();
  select * into v_invitation from public.project_invitations i where i.id = find_my_invitation.invitation_id;
  if v_invitation.id is null or v_email is null or v_invitation.email <> v_email then
    perform private.raise_error('PT404', format('Invitation %s not found', find_my_invitation.invitation_id),
      'Check the id; you see the invitations sent to the confirmed e-mail address you signed in with');
  end if;
  return v_invitation;
end;
$$;
comment on function private.find_my_invitation(uuid) is
  'The invitation if the caller is its invitee (confirmed account e-mail equal to the invitation''s); raises PT404 otherwise.';

-- Raises PT409 unless the invitation is pending: not accepted, declined or revoked, and not expired.

create or replace function private.require_pending_invitation(invitation public.project_invitations)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if invitation.accepted_at is not null then
    perform private.raise_error('PT409', 'This invitation was already accepted', 'Open the project from your projects page');
  elsif invitation.declined_at is not null then
    perform private.raise_error('PT409', 'This invitation was declined', 'Ask a project owner to invite you again');
  elsif invitation.revoked_at is not null then
    perform private.raise_error('PT409', 'This invitation was revoked', 'Ask a project owner to invite you again');
  elsif invitation.expires_at <= now() then
    perform private.raise_error('PT409', 'This invitation has expired', 'Ask a project owner to invite you again');
  end if;
end;
$$;
comment on function private.require_pending_invitation(public.project_invitations) is
  'Raises PT409 when the invitation was accepted, declined or revoked, or has expired.';

-- Invitation events name no user until the invitation is accepted: a decline is recorded without an
-- actor, so the trail never ties an invited address to an account.

create or replace function private.record_invitation_event(
  invitation public.project_invitations,
  action public.workflow_event_action,
  with_actor boolean
) returns void
language sql
volatile
security definer
set search_path = ''
as $$
  insert into public.workflow_version_events (project_id, workflow_id, version_id, action, actor_id, details)
  values ((record_invitation_event.invitation).project_id, null, null, record_invitation_event.action,
          case when record_invitation_event.with_actor then auth.uid() end,
          jsonb_build_object('invitation_id', (record_invitation_event.invitation).id,
                             'email', (record_invitation_event.invitation).email,
                             'role', (record_invitation_event.invitation).role,
                             'expires_at', (record_invitation_event.invitation).expires_at))
$$;
comment on function private.record_invitation_event(public.project_invitations, public.workflow_event_action, boolean) is
  'Appends the audit event of an invitation step (details: invitation_id, email, role, expires_at); the actor only when with_actor (the owner), never the invitee.';
