-- Workflows. `current_version_id` is the live published version (null until the first publish);
-- `last_version_number` is the per-workflow counter that makes numbering gapless and O(1).

create table public.workflows (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references public.projects (id) on delete cascade,
  name text not null,
  description text,
  current_version_id uuid,
  last_version_number integer not null default 0,
  archived_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint name_is_not_blank check (length(btrim(name)) between 1 and 200),
  constraint description_is_short check (description is null or length(description) <= 2000),
  constraint last_version_number_is_not_negative check (last_version_number >= 0),
  constraint current_version_needs_a_number check (current_version_id is null or last_version_number > 0)
);
comment on table public.workflows is
  'A workflow: one shared draft and numbered immutable published versions (see workflow_versions).';
comment on column public.workflows.current_version_id is 'The live published version; runs without a pin use it.';
comment on column public.workflows.last_version_number is 'The last number given to a published version (gapless counter).';

create index idx_workflows_by_project on public.workflows (project_id, created_at);

alter table public.workflows enable row level security;
create policy "Members can view their projects' workflows"
  on public.workflows for select to authenticated
  using (project_id in (select private.member_project_ids((select auth.uid()))));

revoke all on public.workflows from anon, authenticated, service_role;
grant select on public.workflows to authenticated, service_role;
