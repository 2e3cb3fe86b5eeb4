-- Validation, part 1: the shape of a definition (rules 1 to 4 of docs/architecture.md, "Validation",
-- except cycles). Set-based: one pass over the nodes and one over the edges builds column arrays, then
-- each rule is one query over them. It also hands the graph checks what they need: the distinct valid
-- node ids, the edges between them as index pairs, and the trigger node ids.
-- Each kind of problem is listed at most 10,001 times (the first ones, in order; the jsonb is built after
-- the limit): definition_problems_full keeps the first 10,000 problems and says there are more, so a
-- hostile 1 MiB definition of 300,000 broken nodes is answered in bounded time and about a megabyte, not 40 MB.

create or replace function private.definition_shape_problems(
  definition jsonb,
  out errors jsonb,
  out node_ids text[],
  out edge_sources integer[],
  out edge_targets integer[],
  out trigger_ids text[]
)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_nodes jsonb := definition -> 'nodes';
  v_edges jsonb := definition -> 'edges';
  v_nodes_ok boolean := coalesce(jsonb_typeof(v_nodes) = 'array', false);
  v_edges_ok boolean := coalesce(jsonb_typeof(v_edges) = 'array', false);
  v_more jsonb;
  -- Parsed nodes and edges, column by column (read back with unnest(...) in each check).
  n_ord bigint[] := '{}';
  n_id text[] := '{}';
  n_type text[] := '{}';
  n_valid boolean[] := '{}';
  n_object boolean[] := '{}';
  e_ord bigint[] := '{}';
  e_id text[] := '{}';
  e_source text[] := '{}';
  e_target text[] := '{}';
  e_object boolean[] := '{}';
begin
  errors := '[]';
  if not v_nodes_ok then
    errors := errors || jsonb_build_object('code', 'nodes_not_array', 'message', '"nodes" must be an array');
  end if;
  if not v_edges_ok then
    errors := errors || jsonb_build_object('code', 'edges_not_array', 'message', '"edges" must be an array');
  end if;

  -- (One sort per array, not one per column: the aggregates read the sorted rows in order.)
  if v_nodes_ok then
    select coalesce(array_agg(e.ord), '{}'), coalesce(array_agg(e.id), '{}'), coalesce(array_agg(e.type), '{}'),
           coalesce(array_agg(e.valid), '{}'), coalesce(array_agg(e.is_object), '{}')
      into n_ord, n_id, n_type, n_valid, n_object
    from (select e.ord,
                 case when jsonb_typeof(e.n -> 'id') = 'string' then e.n ->> 'id' end as id,
                 case when jsonb_typeof(e.n -> 'data' -> 'type') = 'string' then e.n -> 'data' ->> 'type' end as type,
                 coalesce(jsonb_typeof(e.n -> 'id') = 'string' and length(e.n ->> 'id') > 0, false) as valid,
                 jsonb_typeof(e.n) = 'object' as is_object
          from jsonb_array_elements(v_nodes) with ordinality as e(n, ord)
          order by e.ord) e;
  end if;
  if v_edges_ok then
    select coalesce(array_agg(e.ord), '{}'), coalesce(array_agg(e.id), '{}'), coalesce(array_agg(e.source), '{}'),
           coalesce(array_agg(e.target), '{}'), coalesce(array_agg(e.is_object), '{}')
      into e_ord, e_id, e_source, e_target, e_object
    from (select e.ord,
                 case when jsonb_typeof(e.x -> 'id') = 'string' and length(e.x ->> 'id') > 0 then e.x ->> 'id' end as id,
                 case when jsonb_typeof(e.x -> 'source') = 'string' then e.x ->> 'source' end as source,
                 case when jsonb_typeof(e.x -> 'target') = 'string' then e.x ->> 'target' end as target,
                 jsonb_typeof(e.x) = 'object' as is_object
          from jsonb_array_elements(v_edges) with ordinality as e(x, ord)
          order by e.ord) e;
  end if;

  -- Rule 1: structure and unique ids.
  with nodes as (select * from unnest(n_ord, n_id, n_type, n_valid, n_object) as t(ord, id, type, valid_id, is_object)),
       edges as (select * from unnest(e_ord, e_id, e_source, e_target, e_object) as t(ord, id, source, target, is_object))
  select coalesce(jsonb_agg(p order by ord, k), '[]') into v_more from (
    select n.ord, 1 as k, case
        when not n.is_object then jsonb_build_object('code', 'node_invalid',
          'message', format('Node #%s must be a JSON object', n.ord))
        else jsonb_build_object('code', 'node_id_missing',
          'message', format('Node #%s needs a non-empty string "id"', n.ord))
      end as p
    from (select * from nodes n where not n.valid_id order by n.ord limit 10001) n
    union all
    select d.ord, 2, jsonb_build_object('code', 'node_id_duplicate', 'node_id', d.id,
      'message', format('Node id "%s" is used by %s nodes; ids must be unique', d.id, d.uses))
    from (select min(n.ord) as ord, n.id, count(*) as uses from nodes n where n.valid_id
          group by n.id having count(*) > 1 order by 1 limit 10001) d
    union all
    select 1000000000 + e.ord, 3, case
        when not e.is_object then jsonb_build_object('code', 'edge_invalid',
          'message', format('Edge #%s must be a JSON object', e.ord))
        else jsonb_build_object('code', 'edge_id_missing',
          'message', format('Edge #%s needs a non-empty string "id"', e.ord))
      end
    from (select * from edges e where e.id is null order by e.ord limit 10001) e
    union all
    select 1000000000 + d.ord, 4, jsonb_build_object('code', 'edge_id_duplicate', 'edge_id', d.id,
      'message', format('Edge id "%s" is used by %s edges; ids must be unique', d.id, d.uses))
    from (select min(e.ord) as ord, e.id, count(*) as uses from edges e where e.id is not null
          group by e.id having count(*) > 1 order by 1 limit 10001) d
    union all
    select 1000000000 + e.ord, 5, jsonb_strip_nulls(jsonb_build_object('code', 'edge_endpoint_missing', 'edge_id', e.id,
      'message', format('Edge %s needs string "source" and "target" node ids', coalesce('"' || e.id || '"', '#' || e.ord))))
    from (select * from edges e where e.is_object and (e.source is null or e.target is null) order by e.ord limit 10001) e
  ) s;
  errors := errors || v_more;

  -- Rule 2: known node types. (Skipped, like the error lists below, once more than 10,000 problems are
  -- listed: only the first 10,000 are kept.)
  if jsonb_array_length(errors) <= 10000 then
    select coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('code', 'node_type_unknown', 'node_id', nullif(n.id, ''),
        'message', case when n.type is null
          then format('Node %s has no step type (data.type)', coalesce('"' || nullif(n.id, '') || '"', '#' || n.ord))
          else format('Node %s has the unknown step type "%s"', coalesce('"' || nullif(n.id, '') || '"', '#' || n.ord), n.type) end))
        order by n.ord), '[]')
      into v_more
    from (select * from unnest(n_ord, n_id, n_type, n_object) as n(ord, id, type, is_object)
          where n.is_object and not exists (select 1 from public.workflow_node_types t where t.type = n.type)
          order by n.ord limit 10001) n;
    errors := errors || v_more;
  end if;

  -- Rule 4: edges join existing nodes; no self-loops.
  if jsonb_array_length(errors) <= 10000 then
    with ids as (select distinct n.id from unnest(n_id, n_valid) as n(id, valid_id) where n.valid_id),
         edges as (select * from unnest(e_ord, e_id, e_source, e_target) as t(ord, id, source, target))
    select coalesce(jsonb_agg(p order by ord, k), '[]') into v_more from (
      select e.ord, 1 as k, jsonb_strip_nulls(jsonb_build_object('code', 'edge_source_unknown', 'edge_id', e.id,
        'message', format('Edge %s starts at "%s", which is not a node', coalesce('"' || e.id || '"', '#' || e.ord), e.source))) as p
      from (select * from edges e where e.source is not null and not exists (select 1 from ids where ids.id = e.source)
            order by e.ord limit 10001) e
      union all
      select e.ord, 2, jsonb_strip_nulls(jsonb_build_object('code', 'edge_target_unknown', 'edge_id', e.id,
        'message', format('Edge %s ends at "%s", which is not a node', coalesce('"' || e.id || '"', '#' || e.ord), e.target)))
      from (select * from edges e where e.target is not null and not exists (select 1 from ids where ids.id = e.target)
            order by e.ord limit 10001) e
      union all
      select e.ord, 3, jsonb_strip_nulls(jsonb_build_object('code', 'edge_self_loop', 'edge_id', e.id, 'node_id', e.source,
        'message', format('Edge %s connects node "%s" to itself', coalesce('"' || e.id || '"', '#' || e.ord), e.source)))
      from (select * from edges e where e.source = e.target order by e.ord limit 10001) e
    ) s;
    errors := errors || v_more;
  end if;

  -- Rule 3: exactly one trigger, with no incoming edge.
  select coalesce(array_agg(distinct n.id), '{}') into trigger_ids
  from unnest(n_id, n_type, n_valid) as n(id, type, valid_id)
  join public.workflow_node_types t on t.type = n.type and t.is_trigger
  where n.valid_id;
  if jsonb_array_length(errors) <= 10000 then
    if v_nodes_ok and cardinality(trigger_ids) = 0 then
      errors := errors || jsonb_build_object('code', 'trigger_missing',
        'message', 'The workflow needs exactly one trigger node (webhook or schedule); it has none');
    elsif cardinality(trigger_ids) > 1 then
      select jsonb_agg(jsonb_build_object('code', 'trigger_multiple', 'node_id', x.id,
          'message', format('Node "%s" is one of %s trigger nodes; a workflow has exactly one trigger', x.id, cardinality(trigger_ids)))
          order by x.id)
        into v_more from (select * from unnest(trigger_ids) as x(id) order by x.id limit 10001) x;
      errors := errors || v_more;
    end if;
    select coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('code', 'trigger_has_incoming_edge', 'node_id', e.target, 'edge_id', e.id,
        'message', format('Trigger node "%s" has an incoming edge from "%s"; a trigger starts the workflow', e.target, e.source)))
        order by e.ord), '[]')
      into v_more
    from (select * from unnest(e_ord, e_id, e_source, e_target) as e(ord, id, source, target)
          where e.target = any (trigger_ids) order by e.ord limit 10001) e;
    errors := errors || v_more;
  end if;

  -- The graph for the cycle and reachability checks: distinct valid node ids (index i is node_ids[i]),
  -- and the distinct edges between two of them (self-loops are reported above), sorted by source.
  select coalesce(array_agg(d.id order by d.id), '{}') into node_ids
  from (select distinct n.id from unnest(n_id, n_valid) as n(id, valid_id) where n.valid_id) d;
  edge_sources := '{}';
  edge_targets := '{}';
  if cardinality(node_ids) > 0 and cardinality(e_ord) > 0 then
    with idx as (select i, node_ids[i] as id from generate_subscripts(node_ids, 1) as i),
         pairs as (
           select distinct s.i as si, t.i as ti
           from unnest(e_source, e_target) as e(source, target)
           join idx s on s.id = e.source join idx t on t.id = e.target
           where e.source <> e.target)
    select coalesce(array_agg(si order by si, ti), '{}'), coalesce(array_agg(ti order by si, ti), '{}')
      into edge_sources, edge_targets from pairs;
  end if;
end;
$$;
comment on function private.definition_shape_problems(jsonb) is
  'Validation rules 1-4 except cycles, as a list of problems, plus the graph (node ids, edges as index pairs sorted by source, trigger ids) for the cycle and reachability checks.';
