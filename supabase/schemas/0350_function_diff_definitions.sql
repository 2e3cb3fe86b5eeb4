-- The structural difference of two definitions: nodes matched by id (changed when any field differs),
-- edges matched by id (an edge whose endpoints changed counts as removed and added). A draft may hold any
-- JSON, so each side keeps the first node or edge of each id (as the editor draws it): one row per id,
-- never an N×N match. The other side is looked up in a jsonb object keyed by id (a binary search), not
-- joined: the planner cannot see how many rows jsonb_array_elements yields and would pick nested loops,
-- quadratic on graphs of thousands of nodes.

create or replace function private.diff_definitions(from_definition jsonb, to_definition jsonb)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  with
  f_nodes as (
    select distinct on (n ->> 'id') n ->> 'id' as id, n, ord from jsonb_array_elements(
      case when jsonb_typeof(from_definition -> 'nodes') = 'array' then from_definition -> 'nodes' else '[]' end
    ) with ordinality as e(n, ord) where jsonb_typeof(n -> 'id') = 'string' order by n ->> 'id', ord),
  t_nodes as (
    select distinct on (n ->> 'id') n ->> 'id' as id, n, ord from jsonb_array_elements(
      case when jsonb_typeof(to_definition -> 'nodes') = 'array' then to_definition -> 'nodes' else '[]' end
    ) with ordinality as e(n, ord) where jsonb_typeof(n -> 'id') = 'string' order by n ->> 'id', ord),
  f_edges as (
    select distinct on (x ->> 'id') x ->> 'id' as id, x, ord from jsonb_array_elements(
      case when jsonb_typeof(from_definition -> 'edges') = 'array' then from_definition -> 'edges' else '[]' end
    ) with ordinality as e(x, ord) where jsonb_typeof(x -> 'id') = 'string' order by x ->> 'id', ord),
  t_edges as (
    select distinct on (x ->> 'id') x ->> 'id' as id, x, ord from jsonb_array_elements(
      case when jsonb_typeof(to_definition -> 'edges') = 'array' then to_definition -> 'edges' else '[]' end
    ) with ordinality as e(x, ord) where jsonb_typeof(x -> 'id') = 'string' order by x ->> 'id', ord),
  maps as (
    select (select coalesce(jsonb_object_agg(id, n), '{}') from f_nodes) as f_nodes,
           (select coalesce(jsonb_object_agg(id, n), '{}') from t_nodes) as t_nodes,
           (select coalesce(jsonb_object_agg(id, x), '{}') from f_edges) as f_edges,
           (select coalesce(jsonb_object_agg(id, x), '{}') from t_edges) as t_edges)
  select jsonb_build_object(
    'nodes', jsonb_build_object(
      'added', (select coalesce(jsonb_agg(t.n order by t.ord), '[]') from t_nodes t where not maps.f_nodes ? t.id),
      'removed', (select coalesce(jsonb_agg(f.n order by f.ord), '[]') from f_nodes f where not maps.t_nodes ? f.id),
      'changed', (select coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'before', maps.f_nodes -> t.id, 'after', t.n) order by t.ord), '[]')
                  from t_nodes t where maps.f_nodes ? t.id and maps.f_nodes -> t.id <> t.n)),
    'edges', jsonb_build_object(
      'added', (select coalesce(jsonb_agg(t.x order by t.ord), '[]') from t_edges t
                where not coalesce(maps.f_edges ? t.id and maps.f_edges -> t.id -> 'source' = t.x -> 'source'
                                   and maps.f_edges -> t.id -> 'target' = t.x -> 'target', false)),
      'removed', (select coalesce(jsonb_agg(f.x order by f.ord), '[]') from f_edges f
                  where not coalesce(maps.t_edges ? f.id and maps.t_edges -> f.id -> 'source' = f.x -> 'source'
                                     and maps.t_edges -> f.id -> 'target' = f.x -> 'target', false))),
    'settings_changed', coalesce(from_definition -> 'settings', '{}') <> coalesce(to_definition -> 'settings', '{}')
  )
  from maps
$$;
