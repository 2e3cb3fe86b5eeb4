-- Runs pinned to versions: the ledger that makes runs replayable (not an execution engine). start_run
-- pins the version deployed to an environment at that instant; replay_run starts a new run on the original
-- run's version whatever is deployed now. A run's version never changes, and its status moves once, from
-- running to a final state, for every writer.

create type public.run_status as enum ('running', 'succeeded', 'failed', 'cancelled');
comment on type public.run_status is 'A run is running until it moves, once, to succeeded, failed or cancelled.';

create table public.workflow_runs (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references public.projects (id) on delete cascade,
  workflow_id uuid not null references public.workflows (id) on delete cascade,
  version_id uuid not null references public.workflow_versions (id),
  environment text not null,
  status public.run_status not null default 'running',
  replay_of uuid references public.workflow_runs (id),
  -- Null when the orchestrator (service_role) started it. No foreign key: history outlives accounts.
  started_by uuid,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  constraint workflow_runs_environment_fkey foreign key (project_id, environment)
    references public.project_environments (project_id, name) on delete cascade,
  constraint finished_exactly_when_final check ((status = 'running') = (finished_at is null)),
  constraint finishes_after_it_starts check (finished_at is null or finished_at >= started_at),
  constraint replay_is_another_run check (replay_of is null or replay_of <> id)
);
comment on table public.workflow_runs is
  'Runs pinned to the published version they executed (the replay ledger): version_id never changes, status moves once.';
comment on column public.workflow_runs.version_id is 'The published version the run executes; never changes.';
comment on column public.workflow_runs.replay_of is 'The run this one replays (on the same version), or null.';

-- Newest first per workflow (list_workflow_runs' keyset), runs per version (run_count), replays of a run.
create index idx_workflow_runs_by_workflow on public.workflow_runs (workflow_id, started_at, id);
create index idx_workflow_runs_by_version on public.workflow_runs (version_id);
create index idx_workflow_runs_by_replay_of on public.workflow_runs (replay_of) where replay_of is not null;
create index idx_workflow_runs_by_project on public.workflow_runs (project_id);

alter table public.workflow_runs enable row level security;
create policy "Members can view their projects' runs"
  on public.workflow_runs for select to authenticated
  using (project_id in (select private.member_project_ids((select auth.uid()))));

revoke all on public.workflow_runs from anon, authenticated, service_role;
grant select on public.workflow_runs to authenticated, service_role;


-- ── Triggers: rules for every writer, operators with psql and service_role included ─────────────
-- A run executes a published version of its own workflow, in that workflow's project.

create or replace function private.tg_workflow_runs__check_version() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if not exists (select 1 from public.workflows w where w.id = new.workflow_id and w.project_id = new.project_id) then
    perform private.raise_error('22023', 'project_id does not match the workflow''s project', 'Use the project_id of the workflow');
  end if;
  if not private.version_is_published_in(new.version_id, new.workflow_id) then
    perform private.raise_error('PT409',
      format('Version %s is not a published version of workflow %s', new.version_id, new.workflow_id),
      'A run executes a published version of its own workflow');
  end if;
  return new;
end;
$$;

create trigger _020_check_version before insert on public.workflow_runs
  for each row execute function private.tg_workflow_runs__check_version();

-- The pin never moves: version, workflow, project, environment and replay origin are fixed; the status
-- moves once, from running. (Times may be corrected within the table's checks.)

create or replace function private.tg_workflow_runs__pin() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.version_id <> old.version_id then
    perform private.raise_error('PT409',
      format('Run %s executed version %s: a run''s version never changes', old.id, old.version_id),
      'Replay the run (replay_run) or start a new one (start_run) to run another version');
  end if;
  if new.id <> old.id or new.workflow_id <> old.workflow_id or new.project_id <> old.project_id
     or new.environment <> old.environment or new.replay_of is distinct from old.replay_of
     or new.started_by is distinct from old.started_by then
    perform private.raise_error('PT409', format('Run %s keeps its workflow, environment and origin', old.id),
      'Start a new run (start_run) instead');
  end if;
  if new.status <> old.status and old.status <> 'running' then
    perform private.raise_error('PT409', format('Run %s already finished (%s); its status cannot change', old.id, old.status),
      'A run''s status moves once, from running; replay it (replay_run) to run it again');
  end if;
  return new;
end;
$$;

create trigger _010_pin before update on public.workflow_runs
  for each row execute function private.tg_workflow_runs__pin();
