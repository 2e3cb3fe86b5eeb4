-- Tenancy: a project owns workflows and members. Its read policy lives with the membership helpers
-- (0110_table_project_members.sql), which it needs.

create type public.project_role as enum ('viewer', 'editor', 'publisher', 'owner');
comment on type public.project_role is
  'A member''s role in a project, in increasing order of rights: `role >= ''publisher''` reads as "publisher or more".';

create table public.projects (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  -- History outlives accounts: no foreign key on actor columns, so deleting a user never rewrites history.
  created_by uuid,
  created_at timestamptz not null default now(),
  constraint name_is_not_blank check (name ~ '[^ \t\n\r\f\v]' and length(name) <= 200)
);
comment on table public.projects is 'A tenant: workflows and members belong to one project.';

alter table public.projects enable row level security;
revoke all on public.projects from anon, authenticated, service_role;
grant select on public.projects to authenticated, service_role;
