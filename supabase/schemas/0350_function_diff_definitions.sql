-- The structural difference of two definitions: nodes matched by id (changed when any field differs),
-- edges matched by id (an edge whose endpoints changed counts as removed and added). A draft may hold any
-- JSON, so each side keeps the first node or edge of each id (as the editor draws it): one row per id,
-- never an N×N match.

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
    ) with ordinality as e(x, ord) where jsonb_typeof(x -> 'id') = 'string' order by x ->> 'id', ord)
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
