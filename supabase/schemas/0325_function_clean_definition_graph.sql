-- Validation, the fast path. Most definitions written are valid: a clean shape (rules 1-4 without a
-- single problem) and no cycle. For those, definition_problems (0330) needs only the graph and its
-- unreachable nodes, which these two helpers give in one pass over the nodes, one over the edges and
-- one walk of the graph. Anything else (a problem of any kind) goes through the full rules, which name
-- every problem; both paths give the same verdict (db-tests/definition_problems).

-- The graph of a definition whose shape is clean: its node ids in the order of the nodes array (node i
-- is node_ids[i]), its edges as distinct index pairs sorted by source, and the index of its one trigger;
-- all null when any shape rule would report a problem. One statement; no sort of the ids (only the few
-- unreachable ones are sorted, for the warnings).
create or replace function private.clean_definition_graph(
  definition jsonb,
  out node_ids text[],
  out edge_sources integer[],
  out edge_targets integer[],
  out trigger_index integer
)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_nodes jsonb := definition -> 'nodes';
  v_edges jsonb := definition -> 'edges';
  v_clean boolean;
begin
  if jsonb_typeof(v_nodes) is distinct from 'array' or jsonb_typeof(v_edges) is distinct from 'array' then
    return;
  end if;
  with
  -- Nodes: each an object with a non-empty string id, ids unique, types known, exactly one trigger.
  -- (Equal under the database's collation means equal bytes, so uniqueness is checked with "C".)
  n as materialized (
    select x.ord::integer as i, x.n ->> 'id' as id,
           coalesce(jsonb_typeof(x.n -> 'id') = 'string' and x.n ->> 'id' <> '', false) and t.type is not null as ok,
           coalesce(t.is_trigger, false) as is_trigger
    from jsonb_array_elements(v_nodes) with ordinality as x(n, ord)
    left join public.workflow_node_types t
      on t.type = case when jsonb_typeof(x.n -> 'data' -> 'type') = 'string' then x.n -> 'data' ->> 'type' end),
  nv as (
    select coalesce(bool_and(n.ok), true) and count(distinct n.id collate "C") = count(*)
             and count(*) filter (where n.is_trigger) = 1 as clean,
           min(n.i) filter (where n.is_trigger) as trigger_i,
           array_agg(n.id order by n.i) as ids
    from n),
  -- Edges: each with a unique non-empty string id, from one node to another, never into the trigger.
  e as materialized (
    select y.x ->> 'id' as id,
           coalesce(jsonb_typeof(y.x -> 'id') = 'string' and y.x ->> 'id' <> '', false) as valid,
           s.i as si, t.i as ti
    from jsonb_array_elements(v_edges) as y(x)
    left join n s on s.id = case when jsonb_typeof(y.x -> 'source') = 'string' then y.x ->> 'source' end
    left join n t on t.id = case when jsonb_typeof(y.x -> 'target') = 'string' then y.x ->> 'target' end),
  ev as (
    select coalesce(bool_and(coalesce(e.valid and e.si <> e.ti and e.ti <> nv.trigger_i, false)), true)
             and count(distinct e.id collate "C") = count(*) as clean
    from e cross join nv),
  p as (
    select coalesce(array_agg(d.si order by d.si, d.ti), '{}') as sources,
           coalesce(array_agg(d.ti order by d.si, d.ti), '{}') as targets
    from (select distinct e.si, e.ti from e) d)
  select nv.clean and ev.clean, nv.ids, p.sources, p.targets, nv.trigger_i
    into v_clean, node_ids, edge_sources, edge_targets, trigger_index
  from nv, ev, p;
  if not v_clean then
    node_ids := null;
    edge_sources := null;
    edge_targets := null;
    trigger_index := null;
  end if;
end;
$$;
comment on function private.clean_definition_graph(jsonb) is
  'For a definition without any shape problem: its node ids in array order, its edges as distinct index pairs sorted by source, and the index of its trigger; all null otherwise.';

-- Kahn's algorithm in topological order, carrying reachability from start_node along the edges: in a
-- DAG a node is reachable exactly when it is the start or one of its predecessors is, and every
-- predecessor is visited first. One pass, each node and edge once. Null when a cycle stops the peeling.
create or replace function private.graph_dag_unreachable_nodes(
  node_count integer,
  sources integer[],
  targets integer[],
  start_node integer
) returns integer[]
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_offsets integer[] := array_fill(1, array[node_count + 1]);
  v_deg integer[] := array_fill(0, array[node_count]);
  v_reach boolean[] := array_fill(false, array[node_count]);
  v_queue integer[] := array_fill(0, array[node_count]);
  v_head integer := 1;
  v_tail integer := 0;
  v_node integer;
  v_next integer;
  v_from_reached boolean;
  v_k integer;
  v_unreachable integer[] := '{}';
begin
  if node_count = 0 then
    return '{}';
  end if;
  for v_k in 1 .. coalesce(cardinality(sources), 0) loop
    v_offsets[sources[v_k] + 1] := v_offsets[sources[v_k] + 1] + 1;
    v_deg[targets[v_k]] := v_deg[targets[v_k]] + 1;
  end loop;
  for v_k in 1 .. node_count loop
    v_offsets[v_k + 1] := v_offsets[v_k + 1] + v_offsets[v_k] - 1;
    if v_deg[v_k] = 0 then
      v_tail := v_tail + 1;
      v_queue[v_tail] := v_k;
    end if;
  end loop;
  v_reach[start_node] := true;
  while v_head <= v_tail loop
    v_node := v_queue[v_head];
    v_head := v_head + 1;
    v_from_reached := v_reach[v_node];
    for v_k in v_offsets[v_node] .. v_offsets[v_node + 1] - 1 loop
      v_next := targets[v_k];
      if v_from_reached then
        v_reach[v_next] := true;
      end if;
      v_deg[v_next] := v_deg[v_next] - 1;
      if v_deg[v_next] = 0 then
        v_tail := v_tail + 1;
        v_queue[v_tail] := v_next;
      end if;
    end loop;
  end loop;
  if v_tail < node_count then
    return null;
  end if;
  for v_k in 1 .. node_count loop
    if not v_reach[v_k] then
      v_unreachable := v_unreachable || v_k;
    end if;
  end loop;
  return v_unreachable;
end;
$$;
comment on function private.graph_dag_unreachable_nodes(integer, integer[], integer[], integer) is
  'The nodes (1..node_count) start_node cannot reach, when the graph (edges sorted by source) is acyclic; null when it has a cycle. One linear pass.';
