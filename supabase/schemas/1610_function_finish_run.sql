-- finish_run: a running run moves, once, to succeeded, failed or cancelled. Works on archived workflows
-- too, so runs in flight can close.

create or replace function public.finish_run(run_id uuid, status public.run_status)
returns public.workflow_runs
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_run public.workflow_runs := private.require_run_caller(finish_run.run_id, 'editor', 'finish runs');
  v_finished public.workflow_runs;
begin
  if finish_run.status is null or finish_run.status = 'running' then
    perform private.raise_error('22023', 'status must be succeeded, failed or cancelled',
      'Send the run''s final status; a run is running until it finishes');
  end if;
  -- Under the row lock: of two callers finishing the same run, the second finds it finished.
  update public.workflow_runs r
  set status = finish_run.status, finished_at = greatest(now(), r.started_at)
  where r.id = v_run.id and r.status = 'running'
  returning * into v_finished;
  if v_finished.id is null then
    select * into v_run from public.workflow_runs r where r.id = v_run.id;
    perform private.raise_error('PT409', format('Run %s already finished (%s)', v_run.id, v_run.status),
      'A run''s status moves once, from running; replay it (replay_run) to run it again');
  end if;
  perform private.record_event(v_finished.project_id, v_finished.workflow_id, v_finished.version_id, 'run_finished',
    jsonb_build_object('run_id', v_finished.id, 'status', v_finished.status, 'environment', v_finished.environment));
  return v_finished;
end;
$$;
comment on function public.finish_run(uuid, public.run_status) is
  'Moves a running run to its final status (succeeded, failed or cancelled), once; works on archived workflows. Editors and up, and the service_role key (the run orchestrator). Errors: 42501, PT404 run, PT409 already finished, 22023 status running.';

revoke all on function public.finish_run(uuid, public.run_status) from public, anon;
grant execute on function public.finish_run(uuid, public.run_status) to authenticated, service_role;
