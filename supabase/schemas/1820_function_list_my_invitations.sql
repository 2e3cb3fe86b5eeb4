-- list_my_invitations: the caller's pending invitations (sent to their confirmed account e-mail),
-- with what the invitee needs to decide: the project's name and who invited them.

create type public.my_invitation as (
  id uuid,
  project_id uuid,
  project_name text,
  email text,
  role public.project_role,
  invited_by uuid,
  invited_by_email text,
  created_at timestamptz,
  expires_at timestamptz
);
comment on type public.my_invitation is
  'A row of list_my_invitations: a pending invitation with its project''s name and the inviter''s e-mail.';

create or replace function public.list_my_invitations()
returns setof public.my_invitation
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_email text;
begin
  perform private.require_user();
  v_email := private.caller_confirmed_email();
  return query
    select i.id, i.project_id, p.name, i.email, i.role, i.invited_by, u.email::text, i.created_at, i.expires_at
    from public.project_invitations i
    join public.projects p on p.id = i.project_id
    left join auth.users u on u.id = i.invited_by
    where i.email = v_email
      and i.accepted_at is null and i.declined_at is null and i.revoked_at is null and i.expires_at > now()
    order by i.created_at desc, i.id desc;
end;
$$;
comment on function public.list_my_invitations() is
  'The signed-in user''s pending invitations (to their confirmed account e-mail), newest first, with the project''s name and the inviter''s e-mail. Any signed-in user. Errors: 42501 not signed in.';

revoke all on function public.list_my_invitations() from public, anon;
grant execute on function public.list_my_invitations() to authenticated;
