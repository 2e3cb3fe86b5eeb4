-- Reading history: list_workflow_versions (keyset-paginated), get_workflow_version and
-- diff_workflow_versions. Security definer with the same visibility check as the mutations, so a
-- workflow of another tenant answers PT404 instead of an empty list.

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
  is_live boolean
);
comment on type public.workflow_version_summary is
  'A row of list_workflow_versions: every workflow_versions column except definition, plus is_live.';

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
  select * into v_workflow from private.authorize_workflow(list_workflow_versions.workflow_id, 'viewer', 'read versions');
  -- The draft (first page only), then up to page_size published versions, newest first, read
  -- backwards from the (workflow_id, version_number) index: cost independent of history length.
  return query
    select v.id, v.workflow_id, v.project_id, v.version_number, v.state, v.definition_hash, v.revision,
           v.base_version_id, v.source_version_id, v.note, v.created_by, v.created_at, v.updated_at,
           v.published_by, v.published_at, false
    from public.workflow_versions v
    where v.workflow_id = v_workflow.id and v.state = 'draft' and list_workflow_versions.before_version is null;
  return query
    select v.id, v.workflow_id, v.project_id, v.version_number, v.state, v.definition_hash, v.revision,
           v.base_version_id, v.source_version_id, v.note, v.created_by, v.created_at, v.updated_at,
           v.published_by, v.published_at, v.id = v_workflow.current_version_id
    from public.workflow_versions v
    where v.workflow_id = v_workflow.id
      and v.version_number is not null
      and v.version_number < coalesce(list_workflow_versions.before_version, 2147483647)
    order by v.version_number desc
    limit list_workflow_versions.page_size;
end;
$$;
comment on function public.list_workflow_versions(uuid, integer, integer) is
  'PRD GET /workflows/{id}/versions. The draft first (on the first page, in addition to page_size), then published versions newest first; every column except definition, plus is_live. Keyset pagination: pass the smallest version_number you have as before_version. Viewers and up. Errors: PT404, 22023 page_size outside 1..200.';

create or replace function public.get_workflow_version(version_id uuid)
returns public.workflow_versions
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_version public.workflow_versions;
begin
  perform private.require_user();
  if get_workflow_version.version_id is null then
    perform private.raise_error('22023', 'version_id is required', 'Pass the id of a version');
  end if;
  select * into v_version from public.workflow_versions v where v.id = get_workflow_version.version_id;
  if v_version.id is null or private.member_role(v_version.project_id, auth.uid()) is null then
    perform private.raise_error('PT404', format('Version %s not found', get_workflow_version.version_id),
      'Check the id; you only see versions of projects you are a member of');
  end if;
  return v_version;
end;
$$;
comment on function public.get_workflow_version(uuid) is
  'One version (draft or published) with its definition. Viewers and up. Errors: PT404.';

-- The structural difference of two definitions: nodes matched by id (changed when any field
-- differs), edges matched by id (an edge whose endpoints changed counts as removed and added).
create or replace function private.diff_definitions(from_definition jsonb, to_definition jsonb)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  with
  f_nodes as (
    select n ->> 'id' as id, n, ord from jsonb_array_elements(
      case when jsonb_typeof(from_definition -> 'nodes') = 'array' then from_definition -> 'nodes' else '[]' end
    ) with ordinality as e(n, ord) where jsonb_typeof(n -> 'id') = 'string'),
  t_nodes as (
    select n ->> 'id' as id, n, ord from jsonb_array_elements(
      case when jsonb_typeof(to_definition -> 'nodes') = 'array' then to_definition -> 'nodes' else '[]' end
    ) with ordinality as e(n, ord) where jsonb_typeof(n -> 'id') = 'string'),
  f_edges as (
    select x ->> 'id' as id, x, ord from jsonb_array_elements(
      case when jsonb_typeof(from_definition -> 'edges') = 'array' then from_definition -> 'edges' else '[]' end
    ) with ordinality as e(x, ord) where jsonb_typeof(x -> 'id') = 'string'),
  t_edges as (
    select x ->> 'id' as id, x, ord from jsonb_array_elements(
      case when jsonb_typeof(to_definition -> 'edges') = 'array' then to_definition -> 'edges' else '[]' end
    ) with ordinality as e(x, ord) where jsonb_typeof(x -> 'id') = 'string')
  select jsonb_build_object(
    'nodes', jsonb_build_object(
      'added', (select coalesce(jsonb_agg(t.n order by t.ord), '[]') from t_nodes t
                where not exists (select 1 from f_nodes f where f.id = t.id)),
      'removed', (select coalesce(jsonb_agg(f.n order by f.ord), '[]') from f_nodes f
                  where not exists (select 1 from t_nodes t where t.id = f.id)),
      'changed', (select coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'before', f.n, 'after', t.n) order by t.ord), '[]')
                  from t_nodes t join f_nodes f on f.id = t.id where f.n <> t.n)),
    'edges', jsonb_build_object(
      'added', (select coalesce(jsonb_agg(t.x order by t.ord), '[]') from t_edges t
                where not exists (select 1 from f_edges f where f.id = t.id
                                  and f.x -> 'source' = t.x -> 'source' and f.x -> 'target' = t.x -> 'target')),
      'removed', (select coalesce(jsonb_agg(f.x order by f.ord), '[]') from f_edges f
                  where not exists (select 1 from t_edges t where t.id = f.id
                                    and f.x -> 'source' = t.x -> 'source' and f.x -> 'target' = t.x -> 'target'))),
    'settings_changed', coalesce(from_definition -> 'settings', '{}') <> coalesce(to_definition -> 'settings', '{}')
  )
$$;

create or replace function public.diff_workflow_versions(from_version_id uuid, to_version_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_from public.workflow_versions := public.get_workflow_version(diff_workflow_versions.from_version_id);
  v_to public.workflow_versions := public.get_workflow_version(diff_workflow_versions.to_version_id);
begin
  if v_from.workflow_id <> v_to.workflow_id then
    perform private.raise_error('22023', 'The two versions belong to different workflows',
      'Compare two versions of one workflow (a draft may be either side)');
  end if;
  return private.diff_definitions(v_from.definition, v_to.definition);
end;
$$;
comment on function public.diff_workflow_versions(uuid, uuid) is
  'What changed from one version to another of the same workflow (a draft may be either side): {"nodes": {"added", "removed", "changed": [{"id", "before", "after"}]}, "edges": {"added", "removed"}, "settings_changed"}. Viewers and up. Errors: PT404, 22023 different workflows.';

revoke all on function public.list_workflow_versions(uuid, integer, integer) from public, anon;
revoke all on function public.get_workflow_version(uuid) from public, anon;
revoke all on function public.diff_workflow_versions(uuid, uuid) from public, anon;
grant execute on function public.list_workflow_versions(uuid, integer, integer) to authenticated;
grant execute on function public.get_workflow_version(uuid) to authenticated;
grant execute on function public.diff_workflow_versions(uuid, uuid) to authenticated;
