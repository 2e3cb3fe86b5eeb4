-- list_workflow_runs: a workflow's runs newest first, with the version number each ran; keyset
-- pagination on (started_at, id), read backwards from the (workflow_id, started_at, id) index.

create type public.workflow_run_summary as (
  id uuid,
  project_id uuid,
  workflow_id uuid,
  version_id uuid,
  environment text,
  status public.run_status,
  replay_of uuid,
  started_by uuid,
  started_at timestamptz,
  finished_at timestamptz,
  version_number integer
);
comment on type public.workflow_run_summary is 'A row of list_workflow_runs: every workflow_runs column, plus the version number.';

create or replace function public.list_workflow_runs(workflow_id uuid, page_size integer default 50, before uuid default null)
returns setof public.workflow_run_summary
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows;
  v_before public.workflow_runs;
begin
  if list_workflow_runs.page_size is null or list_workflow_runs.page_size not between 1 and 200 then
    perform private.raise_error('22023', 'page_size must be between 1 and 200', 'Ask for at most 200 runs a page');
  end if;
  v_workflow := private.require_workflow_role(list_workflow_runs.workflow_id, 'viewer', 'read runs');
  if list_workflow_runs.before is not null then
    -- By primary key alone, the workflow checked on the row (a plan cached while the table was small could
    -- otherwise read the workflow's runs through idx_workflow_runs_by_workflow).
    select * into v_before from public.workflow_runs r where r.id = list_workflow_runs.before;
    if v_before.id is null or v_before.workflow_id <> v_workflow.id then
      perform private.raise_error('22023', 'before must be the id of a run of this workflow',
        'Pass the id of the last run of the page you have, to get the next page');
    end if;
  end if;
  if v_before.id is null then
    return query
      select r.id, r.project_id, r.workflow_id, r.version_id, r.environment, r.status, r.replay_of, r.started_by,
             r.started_at, r.finished_at, v.version_number
      from public.workflow_runs r
      join public.workflow_versions v on v.id = r.version_id
      where r.workflow_id = v_workflow.id
      order by r.started_at desc, r.id desc
      limit list_workflow_runs.page_size;
  else
    return query
      select r.id, r.project_id, r.workflow_id, r.version_id, r.environment, r.status, r.replay_of, r.started_by,
             r.started_at, r.finished_at, v.version_number
      from public.workflow_runs r
      join public.workflow_versions v on v.id = r.version_id
      where r.workflow_id = v_workflow.id and (r.started_at, r.id) < (v_before.started_at, v_before.id)
      order by r.started_at desc, r.id desc
      limit list_workflow_runs.page_size;
  end if;
end;
$$;
comment on function public.list_workflow_runs(uuid, integer, uuid) is
  'A workflow''s runs, newest first, with the version number each ran. Keyset pagination: pass the id of the last run you have as before. Viewers and up. Errors: PT404, 22023 page_size outside 1..200 or before not a run of this workflow.';

revoke all on function public.list_workflow_runs(uuid, integer, uuid) from public, anon;
grant execute on function public.list_workflow_runs(uuid, integer, uuid) to authenticated;
