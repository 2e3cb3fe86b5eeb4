-- Invitations: an owner invites an e-mail address with a role; the person who signs in with that
-- address (confirmed) accepts or declines. Inviting never looks the address up, so no answer tells the
-- owner whether it has an account, and nobody joins a project without saying yes.

create table public.project_invitations (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references public.projects (id) on delete cascade,
  -- Stored trimmed and lower-cased (the trigger below), compared with auth.users.email lower-cased.
  email text not null,
  role public.project_role not null,
  -- History outlives accounts: no foreign key on actor columns.
  invited_by uuid,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '14 days',
  accepted_at timestamptz,
  declined_at timestamptz,
  revoked_at timestamptz,
  constraint email_is_an_address check (
    email = lower(email) and length(email) <= 320 and email ~ '^[^@ \t\n\r\f\v]+@[^@ \t\n\r\f\v]+$'),
  constraint expires_after_creation check (expires_at > created_at),
  constraint answered_at_most_once check (num_nonnulls(accepted_at, declined_at, revoked_at) <= 1)
);
comment on table public.project_invitations is
  'Invitations to a project by e-mail: pending until accepted, declined, revoked or expired (14 days).';
comment on column public.project_invitations.email is 'The invited address, trimmed and lower-cased.';

create index idx_project_invitations_by_project on public.project_invitations (project_id, created_at desc);
create index idx_project_invitations_by_email on public.project_invitations (email);

-- ── Row-level security: owners read their projects' invitations, the invitee reads their own ────
-- The invitee is the signed-in user whose confirmed account e-mail is the invitation's. auth.users is
-- not readable by API roles, hence a security definer helper that answers only for the caller.

create or replace function private.caller_confirmed_email() returns text
language sql
stable
security definer
set search_path = ''
as $$
  select lower(u.email) from auth.users u
  where u.id = auth.uid() and u.email_confirmed_at is not null and u.deleted_at is null
$$;
comment on function private.caller_confirmed_email() is
  'The signed-in caller''s account e-mail, lower-cased, when confirmed; null otherwise. Used by RLS on project_invitations.';
grant execute on function private.caller_confirmed_email() to authenticated;

alter table public.project_invitations enable row level security;
create policy "Owners and the invitee can view invitations"
  on public.project_invitations for select to authenticated
  using (project_id in (select private.member_project_ids((select auth.uid()), 'owner'))
         or email = (select private.caller_confirmed_email()));

revoke all on public.project_invitations from anon, authenticated, service_role;
grant select on public.project_invitations to authenticated, service_role;


-- ── Triggers: rules for every writer ────────────────────────────────────────────────────────────
-- The address is normalised on the way in; who and what was invited never changes; an answer is
-- given once.

create or replace function private.tg_project_invitations__normalise() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.email := lower(btrim(new.email, E' \t\n\r\f\013'));
  if tg_op = 'UPDATE' then
    if (new.project_id, new.email, new.role, new.invited_by, new.created_at, new.expires_at)
       is distinct from (old.project_id, old.email, old.role, old.invited_by, old.created_at, old.expires_at) then
      perform private.raise_error('PT409', 'An invitation cannot be changed',
        'Revoke it and invite again with the new address or role');
    end if;
    if num_nonnulls(old.accepted_at, old.declined_at, old.revoked_at) > 0
       and (new.accepted_at, new.declined_at, new.revoked_at) is distinct from (old.accepted_at, old.declined_at, old.revoked_at) then
      perform private.raise_error('PT409', 'This invitation was already answered or revoked',
        'Invite again if the person should join');
    end if;
  end if;
  return new;
end;
$$;

create trigger _010_normalise before insert or update on public.project_invitations
  for each row execute function private.tg_project_invitations__normalise();
