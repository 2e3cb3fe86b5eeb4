-- list_workflow_versions: the history, keyset-paginated on version_number. Security definer with the
-- same visibility check as the mutations, so another tenant's workflow answers PT404, not an empty list.
-- Each row says where the version runs (deployed_to) and how many runs executed it (run_count), both
-- looked up per row of the page through indexes on version_id: the cost follows the page, not the history.

create type public.workflow_version_summary as (
  id uuid,
  workflow_id uuid,
  project_id uuid,
  version_number integer,
  state public.version_state,
  definition_hash text,
  revision integer,
  base_version_id uuid,
  source_version_id uuid,
  note text,
  created_by uuid,
  created_at timestamptz,
  updated_at timestamptz,
  published_by uuid,
  published_at timestamptz,
  is_live boolean,
  deployed_to text[],
  run_count integer
);
comment on type public.workflow_version_summary is
  'A row of list_workflow_versions: every workflow_versions column except definition, plus is_live (deployed to production), deployed_to (environments running it, production first) and run_count.';

create or replace function public.list_workflow_versions(workflow_id uuid, page_size integer default 50, before_version integer default null)
returns setof public.workflow_version_summary
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows;
begin
  if list_workflow_versions.page_size is null or list_workflow_versions.page_size not between 1 and 200 then
    perform private.raise_error('22023', 'page_size must be between 1 and 200', 'Ask for at most 200 versions a page');
  end if;
  if list_workflow_versions.before_version is not null and list_workflow_versions.before_version < 1 then
    perform private.raise_error('22023', 'before_version must be a positive version number',
      'Pass the smallest version_number of the page you have, to get the next page');
  end if;
  select * into v_workflow from private.require_workflow_role(list_workflow_versions.workflow_id, 'viewer', 'read versions');
  -- The draft (first page only), then up to page_size published versions, newest first, read
  -- backwards from the (workflow_id, version_number) index: cost independent of history length.
  return query
    select v.id, v.workflow_id, v.project_id, v.version_number, v.state, v.definition_hash, v.revision,
           v.base_version_id, v.source_version_id, v.note, v.created_by, v.created_at, v.updated_at,
           v.published_by, v.published_at, false, '{}'::text[], 0
    from public.workflow_versions v
    where v.workflow_id = v_workflow.id and v.state = 'draft' and v.version_number is null  -- as in lock_draft (0210)
      and list_workflow_versions.before_version is null;
  return query
    select v.id, v.workflow_id, v.project_id, v.version_number, v.state, v.definition_hash, v.revision,
           v.base_version_id, v.source_version_id, v.note, v.created_by, v.created_at, v.updated_at,
           v.published_by, v.published_at, v.id is not distinct from v_workflow.current_version_id,
           array(select d.environment from public.workflow_deployments d where d.workflow_id = v.workflow_id and d.version_id = v.id
                 order by d.environment <> 'production', d.environment),
           (select count(*)::integer from public.workflow_runs r where r.version_id = v.id)
    from public.workflow_versions v
    where v.workflow_id = v_workflow.id
      and v.version_number is not null
      and v.version_number < coalesce(list_workflow_versions.before_version, 2147483647)
    order by v.version_number desc
    limit list_workflow_versions.page_size;
end;
$$;
comment on function public.list_workflow_versions(uuid, integer, integer) is
  'PRD GET /workflows/{id}/versions. The draft first (on the first page, in addition to page_size), then published versions newest first; every column except definition, plus is_live (deployed to production), deployed_to (environments) and run_count. Keyset pagination: pass the smallest version_number you have as before_version. Viewers and up. Errors: PT404, 22023 page_size outside 1..200.';

revoke all on function public.list_workflow_versions(uuid, integer, integer) from public, anon;
grant execute on function public.list_workflow_versions(uuid, integer, integer) to authenticated;
