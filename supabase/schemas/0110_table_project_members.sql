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

-- ── Membership helpers (security definer so policies on project_members do not recurse) ─────────
create or replace function private.member_project_ids(user_id uuid, min_role public.project_role default 'viewer')
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select m.project_id
  from public.project_members m
  where m.user_id = member_project_ids.user_id
    and m.role >= member_project_ids.min_role
$$;
comment on function private.member_project_ids(uuid, public.project_role) is
  'Projects in which the user holds at least min_role; used by every RLS policy as `in (select …)`.';

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
