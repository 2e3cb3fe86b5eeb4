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
  -- Four eyes: when set, publish_draft publishes only a draft revision another publisher approved
  -- (publish_requests, 0190). The owner changes it with set_project_settings.
  require_review boolean not null default false,
  constraint name_is_not_blank check (name ~ '[^ \t\n\r\f\v]' and length(name) <= 200)
);
comment on table public.projects is 'A tenant: workflows and members belong to one project.';
comment on column public.projects.require_review is
  'When true, publish_draft publishes only a draft revision approved by a publisher who neither requested the review nor changed the draft.';

alter table public.projects enable row level security;
revoke all on public.projects from anon, authenticated, service_role;
grant select on public.projects to authenticated, service_role;
