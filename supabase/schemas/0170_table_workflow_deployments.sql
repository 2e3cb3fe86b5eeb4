-- Which published version each environment of a workflow runs. Moved by deploy_version (any published
-- version: promotion needs no new number), publish_draft (the new version, to the environment it names)
-- and rollback_workflow (production). `workflows.current_version_id` is the production pointer: a
-- constraint trigger on both tables keeps the two equal, for every writer.

create table public.workflow_deployments (
  workflow_id uuid not null references public.workflows (id) on delete cascade,
  environment text not null,
  -- Denormalised from the workflow so RLS checks one indexed column, and so the environment is a key of
  -- that project's environments.
  project_id uuid not null,
  version_id uuid not null references public.workflow_versions (id),
  deployed_by uuid,
  deployed_at timestamptz not null default now(),
  note text,
  primary key (workflow_id, environment),
  constraint workflow_deployments_environment_fkey foreign key (project_id, environment)
    references public.project_environments (project_id, name) on delete cascade,
  constraint note_is_short check (note is null or length(note) <= 2000)
);
comment on table public.workflow_deployments is
  'Which published version each environment of a workflow runs; production''s row equals workflows.current_version_id.';

-- "Where does this version run?" (list_workflow_versions' deployed_to), and the foreign key's check when
-- a draft is discarded.
-- No index on version_id: lookups go through the workflow (the primary key's prefix), and a deployment
-- that moves to another version stays a HOT update, with no index entries to add.
create index idx_workflow_deployments_by_project on public.workflow_deployments (project_id, environment);

alter table public.workflow_deployments enable row level security;
create policy "Members can view their projects' deployments"
  on public.workflow_deployments for select to authenticated
  using (project_id in (select private.member_project_ids((select auth.uid()))));

revoke all on public.workflow_deployments from anon, authenticated, service_role;
grant select on public.workflow_deployments to authenticated, service_role;


-- ── Triggers: rules for every writer, operators with psql and service_role included ─────────────
-- A deployment points at a published version of its own workflow, in its workflow's project, and keeps
-- its workflow, project and environment (so the project is checked once, on insert).

create or replace function private.tg_workflow_deployments__check_version() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and (new.workflow_id <> old.workflow_id or new.environment <> old.environment
                           or new.project_id <> old.project_id) then
    perform private.raise_error('PT409', 'A deployment keeps its workflow and environment',
      'Deploy to the other environment with deploy_version instead');
  end if;
  if tg_op = 'INSERT' and not exists (select 1 from public.workflows w where w.id = new.workflow_id and w.project_id = new.project_id) then
    perform private.raise_error('22023', 'project_id does not match the workflow''s project', 'Use the project_id of the workflow');
  end if;
  if not private.version_is_published_in(new.version_id, new.workflow_id) then
    perform private.raise_error('PT409',
      format('Version %s is not a published version of workflow %s', new.version_id, new.workflow_id),
      'Only a published version of this workflow can be deployed');
  end if;
  return new;
end;
$$;

create trigger _010_check_version before insert or update on public.workflow_deployments
  for each row execute function private.tg_workflow_deployments__check_version();

-- current_version_id = the production deployment's version (both null when production runs nothing),
-- checked at the end of each statement: the RPCs move both in one statement (private.deploy). The check
-- is deferrable, so an operator who moves the two in separate statements runs SET CONSTRAINTS
-- _900_production_pointer DEFERRED first and it is checked at commit. (Immediate by default because a
-- deferred trigger costs more: PostgreSQL queues the event and replays it at commit.)

create or replace function private.tg__check_production_pointer() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_workflow_id uuid;
  v_current uuid;
  v_production uuid;
begin
  if tg_table_name = 'workflows' then
    v_workflow_id := new.id;
  elsif coalesce(new.environment, old.environment) = 'production' then
    v_workflow_id := coalesce(new.workflow_id, old.workflow_id);
  else
    return null;
  end if;
  select w.current_version_id, d.version_id into v_current, v_production
  from public.workflows w
  left join public.workflow_deployments d on d.workflow_id = w.id and d.environment = 'production'
  where w.id = v_workflow_id;
  if found and v_current is distinct from v_production then
    perform private.raise_error('PT409',
      format('Workflow %s: current_version_id (%s) must equal the version deployed to production (%s)',
             v_workflow_id, coalesce(v_current::text, 'none'), coalesce(v_production::text, 'none')),
      'Move both together: deploy_version, publish_draft and rollback_workflow do');
  end if;
  return null;
end;
$$;

create constraint trigger _900_production_pointer after insert or update or delete on public.workflow_deployments
  deferrable initially immediate
  for each row execute function private.tg__check_production_pointer();

create constraint trigger _900_production_pointer after insert or update of current_version_id on public.workflows
  deferrable initially immediate
  for each row execute function private.tg__check_production_pointer();
