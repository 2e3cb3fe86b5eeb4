-- Who may do what in a project, and the lookups every RLS policy and RPC uses to ask it.

create table public.project_members (
  project_id uuid not null references public.projects (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.project_role not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (project_id, user_id)
);
comment on table public.project_members is 'Who may do what in a project (owner > publisher > editor > viewer).';
create index idx_project_members_by_user on public.project_members (user_id, project_id, role);

create trigger _100_set_updated_at before update on public.project_members
  for each row execute function private.tg__set_updated_at();

-- ── Rules for every writer (the RPCs, the seed, operators with psql) ────────────────────────────
-- A membership never moves to another project or user, and a project keeps at least one owner. The
-- check takes the project's row lock, the lock the membership RPCs serialise on, so two writers
-- removing two owners at once cannot both pass. Cascades are let through: deleting the project, or
-- the account (the person is gone; the project then needs an owner from an operator).

create or replace function private.tg_project_members__protect_last_owner() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and (new.project_id <> old.project_id or new.user_id <> old.user_id) then
    perform private.raise_error('PT409', 'A membership cannot move to another project or user',
      'Remove the member and add the other person instead');
  end if;
  if old.role = 'owner' and (tg_op = 'DELETE' or new.role <> 'owner') then
    perform 1 from public.projects p where p.id = old.project_id for no key update;
    if found
       and exists (select 1 from auth.users u where u.id = old.user_id)
       and not exists (select 1 from public.project_members m
                       where m.project_id = old.project_id and m.role = 'owner' and m.user_id <> old.user_id) then
      perform private.raise_error('PT409', 'A project keeps at least one owner: this is the last one',
        'Make someone else owner first, then change this role or remove this member');
    end if;
  end if;
  return case tg_op when 'DELETE' then old else new end;
end;
$$;

create trigger _010_protect_last_owner before update or delete on public.project_members
  for each row execute function private.tg_project_members__protect_last_owner();

-- Every change of membership is audited, whoever writes it: member_added, member_role_changed,
-- member_removed, with the signed-in caller as actor (null for direct SQL, where nobody is signed in).
-- An owner added by create_project says so (reason project_created); a member added by accepting an
-- invitation names it (invitation_id). Security definer: GoTrue deletes an account as supabase_auth_admin,
-- which may not use the private schema, and the cascade's AFTER trigger runs as that role.

create or replace function private.tg_project_members__record_change() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform private.record_event(new.project_id, null, null, 'member_added', jsonb_strip_nulls(jsonb_build_object(
      'user_id', new.user_id,
      'role', new.role,
      'reason', case when exists (select 1 from public.projects p
                                  where p.id = new.project_id and p.created_by = new.user_id and p.created_at = now())
                     then 'project_created' end,
      'invitation_id', (select i.id from public.project_invitations i
                        join auth.users u on u.id = new.user_id and lower(u.email) = i.email
                        where i.project_id = new.project_id and i.accepted_at = now()
                        limit 1))));
  elsif tg_op = 'UPDATE' then
    if new.role is distinct from old.role then
      perform private.record_event(new.project_id, null, null, 'member_role_changed',
        jsonb_build_object('user_id', new.user_id, 'role', new.role, 'previous_role', old.role));
    end if;
  else
    perform private.record_event(old.project_id, null, null, 'member_removed',
      jsonb_build_object('user_id', old.user_id, 'role', old.role));
  end if;
  return null;
end;
$$;

create trigger _200_record_change after insert or update or delete on public.project_members
  for each row execute function private.tg_project_members__record_change();

-- ── Membership helpers (security definer so policies on project_members do not recurse) ─────────
-- Every RLS policy asks this once per statement, so it checks the caller as every RPC does
-- (private.require_user): a token whose session ended, or whose account is banned or deleted, reads
-- nothing through the tables either (42501).
create or replace function private.member_project_ids(user_id uuid, min_role public.project_role default 'viewer')
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_user();
  return query
    select m.project_id
    from public.project_members m
    where m.user_id = member_project_ids.user_id
      and m.role >= member_project_ids.min_role;
end;
$$;
comment on function private.member_project_ids(uuid, public.project_role) is
  'Projects in which the user holds at least min_role; used by every RLS policy as `in (select …)`. Raises 42501 when the caller is not signed in, or their account or session is no longer valid.';

-- PL/pgSQL, not SQL: the RPCs call it as an expression, where a SQL function with `set search_path` is
-- planned again in every transaction; PL/pgSQL keeps its plan for the session.
create or replace function private.member_role(project_id uuid, user_id uuid)
returns public.project_role
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (select m.role
          from public.project_members m
          where m.project_id = member_role.project_id
            and m.user_id = member_role.user_id);
end;
$$;
comment on function private.member_role(uuid, uuid) is 'The user''s role in the project, or null when not a member.';

grant execute on function private.member_project_ids(uuid, public.project_role) to authenticated, service_role;

-- ── Row-level security: members read their projects; nobody writes except through the RPCs ───────
alter table public.project_members enable row level security;

create policy "Members can view their projects"
  on public.projects for select to authenticated
  using (id in (select private.member_project_ids((select auth.uid()))));

create policy "Members can view the members of their projects"
  on public.project_members for select to authenticated
  using (project_id in (select private.member_project_ids((select auth.uid()))));

revoke all on public.project_members from anon, authenticated, service_role;
grant select on public.project_members to authenticated, service_role;
