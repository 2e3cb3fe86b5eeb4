-- replay_run: a new run on the ORIGINAL run's version and environment, whatever is deployed now; its
-- replay_of names the original. Runs in any status may be replayed.

create or replace function public.replay_run(run_id uuid)
returns public.workflow_run_start
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_run public.workflow_runs := private.require_run_caller(replay_run.run_id, 'editor', 'replay runs');
  v_workflow public.workflows;
  v_version public.workflow_versions;
begin
  select * into v_workflow from public.workflows w where w.id = v_run.workflow_id;
  perform private.require_runnable(v_workflow, 'start runs');
  select * into v_version from public.workflow_versions v where v.id = v_run.version_id;
  return private.record_run(v_workflow, v_version, v_run.environment, v_run.id);
end;
$$;
comment on function public.replay_run(uuid) is
  'Starts a new run pinned to the original run''s version and environment, whatever is deployed now (replay_of = the original); any status may be replayed. Same answer as start_run. Editors and up, and the service_role key (the run orchestrator). Errors: 42501, PT404 run, PT409 archived.';

revoke all on function public.replay_run(uuid) from public, anon;
grant execute on function public.replay_run(uuid) to authenticated, service_role;
