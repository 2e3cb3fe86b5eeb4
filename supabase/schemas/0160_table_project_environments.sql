-- Environments of a project (production, staging, dev…): where a workflow's published versions are
-- deployed (workflow_deployments) and what runs execute (workflow_runs). Every project has `production`
-- from the moment it exists (a trigger on projects, for every writer); owners add others with
-- create_environment, each with the project role needed to deploy to it. Environments are neither renamed
-- nor removed: deployments and runs name them.

create table public.project_environments (
  project_id uuid not null references public.projects (id) on delete cascade,
  name text not null,
  deploy_role public.project_role not null default 'publisher',
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (project_id, name),
  constraint name_is_a_slug check (name ~ '^[a-z][a-z0-9-]{0,31}$'),
  constraint deploy_role_is_editor_or_more check (deploy_role >= 'editor')
);
comment on table public.project_environments is
  'Environments of a project (every project has production); deploy_role is the project role needed to deploy to one.';
comment on column public.project_environments.deploy_role is
  'The least project role that may deploy (or publish) to this environment: editor, publisher or owner.';

alter table public.project_environments enable row level security;
create policy "Members can view their projects' environments"
  on public.project_environments for select to authenticated
  using (project_id in (select private.member_project_ids((select auth.uid()))));

revoke all on public.project_environments from anon, authenticated, service_role;
grant select on public.project_environments to authenticated, service_role;


-- ── Triggers: rules for every writer, operators with psql and service_role included ─────────────
-- Every project has production, from the moment it exists.

create or replace function private.tg_projects__create_production() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  insert into public.project_environments (project_id, name, deploy_role, created_by)
  values (new.id, 'production', 'publisher', new.created_by)
  on conflict do nothing;
  return null;
end;
$$;

create trigger _100_create_production after insert on public.projects
  for each row execute function private.tg_projects__create_production();

-- An environment keeps its project and name (deployments and runs name it), and is not removed while
-- its project exists (deleting the project removes its environments with it).

create or replace function private.tg_project_environments__keep() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and (new.project_id <> old.project_id or new.name <> old.name) then
    perform private.raise_error('PT409', format('Environment %s cannot be renamed or moved to another project', old.name),
      'Create a new environment with create_environment instead');
  end if;
  if tg_op = 'DELETE' and exists (select 1 from public.projects p where p.id = old.project_id) then
    perform private.raise_error('PT409', format('Environment %s cannot be removed', old.name),
      'Environments are kept: their deployments and runs name them');
  end if;
  return case tg_op when 'DELETE' then old else new end;
end;
$$;

create trigger _010_keep before update or delete on public.project_environments
  for each row execute function private.tg_project_environments__keep();

-- Projects made before this table existed get their production environment too.
insert into public.project_environments (project_id, name, deploy_role, created_by)
select p.id, 'production', 'publisher', p.created_by from public.projects p
on conflict do nothing;
