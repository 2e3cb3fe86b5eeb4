-- Fix: the unreachable-node warning used a recursive CTE whose cost grew with the square of a chain's
-- length (a 10,500-node chain, under the 1 MiB limit, ran past the 8 s statement timeout: HTTP 500, and
-- since drafts are validated on write, such a draft could not even be saved). Reachability is now a
-- breadth-first walk over the adjacency arrays the cycle check already builds: linear, like the rest.

create or replace function private.definition_problems(definition jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_errors jsonb := '[]';
  v_warnings jsonb := '[]';
  v_nodes jsonb := definition -> 'nodes';
  v_edges jsonb := definition -> 'edges';
  v_nodes_ok boolean;
  v_edges_ok boolean;
  v_more jsonb;
  v_trigger_ids text[];
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
  -- Cycle detection over node indexes 1..n.
  v_ids text[];
  v_n integer;
  v_src integer[];
  v_dst integer[];
  v_deg integer[];
  v_offsets integer[];
  v_rsrc integer[];
  v_roffsets integer[];
  v_queue integer[];
  v_head integer;
  v_tail integer;
  v_node integer;
  v_next integer;
  v_k integer;
  v_left boolean[];
  v_seen boolean[];
  v_start integer;
begin
  if definition is null or jsonb_typeof(definition) <> 'object' then
    return jsonb_build_object('errors', jsonb_build_array(jsonb_build_object(
      'code', 'definition_not_object', 'message', 'The definition must be a JSON object with "nodes" and "edges"')),
      'warnings', '[]'::jsonb);
  end if;

  v_nodes_ok := coalesce(jsonb_typeof(v_nodes) = 'array', false);
  v_edges_ok := coalesce(jsonb_typeof(v_edges) = 'array', false);
  if not v_nodes_ok then
    v_errors := v_errors || jsonb_build_object('code', 'nodes_not_array', 'message', '"nodes" must be an array');
  end if;
  if not v_edges_ok then
    v_errors := v_errors || jsonb_build_object('code', 'edges_not_array', 'message', '"edges" must be an array');
  end if;

  if v_nodes_ok then
    select coalesce(array_agg(e.ord order by e.ord), '{}'),
           coalesce(array_agg(case when jsonb_typeof(e.n -> 'id') = 'string' then e.n ->> 'id' end order by e.ord), '{}'),
           coalesce(array_agg(case when jsonb_typeof(e.n -> 'data' -> 'type') = 'string' then e.n -> 'data' ->> 'type' end order by e.ord), '{}'),
           coalesce(array_agg(coalesce(jsonb_typeof(e.n -> 'id') = 'string' and length(e.n ->> 'id') > 0, false) order by e.ord), '{}'),
           coalesce(array_agg(jsonb_typeof(e.n) = 'object' order by e.ord), '{}')
      into n_ord, n_id, n_type, n_valid, n_object
    from jsonb_array_elements(v_nodes) with ordinality as e(n, ord);
  end if;
  if v_edges_ok then
    select coalesce(array_agg(e.ord order by e.ord), '{}'),
           coalesce(array_agg(case when jsonb_typeof(e.x -> 'id') = 'string' and length(e.x ->> 'id') > 0 then e.x ->> 'id' end order by e.ord), '{}'),
           coalesce(array_agg(case when jsonb_typeof(e.x -> 'source') = 'string' then e.x ->> 'source' end order by e.ord), '{}'),
           coalesce(array_agg(case when jsonb_typeof(e.x -> 'target') = 'string' then e.x ->> 'target' end order by e.ord), '{}'),
           coalesce(array_agg(jsonb_typeof(e.x) = 'object' order by e.ord), '{}')
      into e_ord, e_id, e_source, e_target, e_object
    from jsonb_array_elements(v_edges) with ordinality as e(x, ord);
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
    from nodes n where not n.valid_id
    union all
    select min(n.ord), 2, jsonb_build_object('code', 'node_id_duplicate', 'node_id', n.id,
      'message', format('Node id "%s" is used by %s nodes; ids must be unique', n.id, count(*)))
    from nodes n where n.valid_id group by n.id having count(*) > 1
    union all
    select 1000000000 + e.ord, 3, case
        when not e.is_object then jsonb_build_object('code', 'edge_invalid',
          'message', format('Edge #%s must be a JSON object', e.ord))
        else jsonb_build_object('code', 'edge_id_missing',
          'message', format('Edge #%s needs a non-empty string "id"', e.ord))
      end
    from edges e where e.id is null
    union all
    select 1000000000 + min(e.ord), 4, jsonb_build_object('code', 'edge_id_duplicate', 'edge_id', e.id,
      'message', format('Edge id "%s" is used by %s edges; ids must be unique', e.id, count(*)))
    from edges e where e.id is not null group by e.id having count(*) > 1
    union all
    select 1000000000 + e.ord, 5, jsonb_strip_nulls(jsonb_build_object('code', 'edge_endpoint_missing', 'edge_id', e.id,
      'message', format('Edge %s needs string "source" and "target" node ids', coalesce('"' || e.id || '"', '#' || e.ord))))
    from edges e where e.is_object and (e.source is null or e.target is null)
  ) s;
  v_errors := v_errors || v_more;

  -- Rule 2: known node types.
  select coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('code', 'node_type_unknown', 'node_id', nullif(n.id, ''),
      'message', case when n.type is null
        then format('Node %s has no step type (data.type)', coalesce('"' || nullif(n.id, '') || '"', '#' || n.ord))
        else format('Node %s has the unknown step type "%s"', coalesce('"' || nullif(n.id, '') || '"', '#' || n.ord), n.type) end))
      order by n.ord), '[]')
    into v_more
  from unnest(n_ord, n_id, n_type, n_object) as n(ord, id, type, is_object)
  where n.is_object
    and not exists (select 1 from public.workflow_node_types t where t.type = n.type);
  v_errors := v_errors || v_more;

  -- Rule 4: edges join existing nodes; no self-loops.
  with ids as (select distinct n.id from unnest(n_id, n_valid) as n(id, valid_id) where n.valid_id),
       edges as (select * from unnest(e_ord, e_id, e_source, e_target) as t(ord, id, source, target))
  select coalesce(jsonb_agg(p order by ord, k), '[]') into v_more from (
    select e.ord, 1 as k, jsonb_strip_nulls(jsonb_build_object('code', 'edge_source_unknown', 'edge_id', e.id,
      'message', format('Edge %s starts at "%s", which is not a node', coalesce('"' || e.id || '"', '#' || e.ord), e.source))) as p
    from edges e
    where e.source is not null and not exists (select 1 from ids where ids.id = e.source)
    union all
    select e.ord, 2, jsonb_strip_nulls(jsonb_build_object('code', 'edge_target_unknown', 'edge_id', e.id,
      'message', format('Edge %s ends at "%s", which is not a node', coalesce('"' || e.id || '"', '#' || e.ord), e.target)))
    from edges e
    where e.target is not null and not exists (select 1 from ids where ids.id = e.target)
    union all
    select e.ord, 3, jsonb_strip_nulls(jsonb_build_object('code', 'edge_self_loop', 'edge_id', e.id, 'node_id', e.source,
      'message', format('Edge %s connects node "%s" to itself', coalesce('"' || e.id || '"', '#' || e.ord), e.source)))
    from edges e
    where e.source = e.target
  ) s;
  v_errors := v_errors || v_more;

  -- Rule 3: exactly one trigger, with no incoming edge.
  select coalesce(array_agg(distinct n.id), '{}') into v_trigger_ids
  from unnest(n_id, n_type, n_valid) as n(id, type, valid_id)
  join public.workflow_node_types t on t.type = n.type and t.is_trigger
  where n.valid_id;
  if v_nodes_ok and cardinality(v_trigger_ids) = 0 then
    v_errors := v_errors || jsonb_build_object('code', 'trigger_missing',
      'message', 'The workflow needs exactly one trigger node (webhook or schedule); it has none');
  elsif cardinality(v_trigger_ids) > 1 then
    select jsonb_agg(jsonb_build_object('code', 'trigger_multiple', 'node_id', x.id,
        'message', format('Node "%s" is one of %s trigger nodes; a workflow has exactly one trigger', x.id, cardinality(v_trigger_ids)))
        order by x.id)
      into v_more from unnest(v_trigger_ids) as x(id);
    v_errors := v_errors || v_more;
  end if;
  select coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('code', 'trigger_has_incoming_edge', 'node_id', e.target, 'edge_id', e.id,
      'message', format('Trigger node "%s" has an incoming edge from "%s"; a trigger starts the workflow', e.target, e.source)))
      order by e.ord), '[]')
    into v_more
  from unnest(e_ord, e_id, e_source, e_target) as e(ord, id, source, target)
  where e.target = any (v_trigger_ids);
  v_errors := v_errors || v_more;

  -- Rule 4: no cycle. Kahn's algorithm over the distinct valid nodes and the edges between them
  -- (self-loops are reported above). Linear: every node and edge is visited a bounded number of times.
  select array_agg(d.id order by d.id) into v_ids
  from (select distinct n.id from unnest(n_id, n_valid) as n(id, valid_id) where n.valid_id) d;
  v_n := coalesce(cardinality(v_ids), 0);
  if v_n > 0 and cardinality(e_ord) > 0 then
    with idx as (select i, v_ids[i] as id from generate_subscripts(v_ids, 1) as i),
         pairs as (
           select distinct s.i as si, t.i as ti
           from unnest(e_source, e_target) as e(source, target)
           join idx s on s.id = e.source join idx t on t.id = e.target
           where e.source <> e.target)
    select coalesce(array_agg(si order by si, ti), '{}'), coalesce(array_agg(ti order by si, ti), '{}')
      into v_src, v_dst from pairs;
  end if;
  if coalesce(cardinality(v_src), 0) > 0 then
    -- Forward adjacency (edges sorted by source): out-neighbours of i are v_dst[v_offsets[i] .. v_offsets[i+1]-1].
    v_deg := array_fill(0, array[v_n]);
    for v_k in 1 .. cardinality(v_src) loop
      v_deg[v_src[v_k]] := v_deg[v_src[v_k]] + 1;
    end loop;
    v_offsets := array_fill(1, array[v_n + 1]);
    for v_k in 1 .. v_n loop
      v_offsets[v_k + 1] := v_offsets[v_k] + v_deg[v_k];
    end loop;
    -- In-degrees, then peel nodes without incoming edges.
    v_deg := array_fill(0, array[v_n]);
    for v_k in 1 .. cardinality(v_dst) loop
      v_deg[v_dst[v_k]] := v_deg[v_dst[v_k]] + 1;
    end loop;
    v_queue := array_fill(0, array[v_n]);
    v_tail := 0;
    for v_k in 1 .. v_n loop
      if v_deg[v_k] = 0 then
        v_tail := v_tail + 1;
        v_queue[v_tail] := v_k;
      end if;
    end loop;
    v_head := 1;
    while v_head <= v_tail loop
      v_node := v_queue[v_head];
      v_head := v_head + 1;
      for v_k in v_offsets[v_node] .. v_offsets[v_node + 1] - 1 loop
        v_next := v_dst[v_k];
        v_deg[v_next] := v_deg[v_next] - 1;
        if v_deg[v_next] = 0 then
          v_tail := v_tail + 1;
          v_queue[v_tail] := v_next;
        end if;
      end loop;
    end loop;

    if v_tail < v_n then
      -- What is left has an incoming edge from another node left. Peel, backwards, the nodes left
      -- that lead nowhere (downstream of a cycle, not on one); the rest lie on cycles.
      v_left := array_fill(true, array[v_n]);
      for v_k in 1 .. v_tail loop
        v_left[v_queue[v_k]] := false;
      end loop;
      select coalesce(array_agg(s order by t, s), '{}') into v_rsrc
        from unnest(v_src, v_dst) as x(s, t);
      v_roffsets := array_fill(1, array[v_n + 1]);
      v_deg := array_fill(0, array[v_n]);
      for v_k in 1 .. cardinality(v_dst) loop
        v_roffsets[v_dst[v_k] + 1] := v_roffsets[v_dst[v_k] + 1] + 1;
        if v_left[v_src[v_k]] and v_left[v_dst[v_k]] then
          v_deg[v_src[v_k]] := v_deg[v_src[v_k]] + 1;
        end if;
      end loop;
      for v_k in 1 .. v_n loop
        v_roffsets[v_k + 1] := v_roffsets[v_k + 1] + v_roffsets[v_k] - 1;
      end loop;
      v_tail := 0;
      for v_k in 1 .. v_n loop
        if v_left[v_k] and v_deg[v_k] = 0 then
          v_tail := v_tail + 1;
          v_queue[v_tail] := v_k;
        end if;
      end loop;
      v_head := 1;
      while v_head <= v_tail loop
        v_node := v_queue[v_head];
        v_head := v_head + 1;
        v_left[v_node] := false;
        for v_k in v_roffsets[v_node] .. v_roffsets[v_node + 1] - 1 loop
          v_next := v_rsrc[v_k];
          if v_left[v_next] then
            v_deg[v_next] := v_deg[v_next] - 1;
            if v_deg[v_next] = 0 then
              v_tail := v_tail + 1;
              v_queue[v_tail] := v_next;
            end if;
          end if;
        end loop;
      end loop;
      select coalesce(jsonb_agg(jsonb_build_object('code', 'graph_cycle', 'node_id', v_ids[i],
               'message', format('Node "%s" is part of a cycle; a workflow must be a directed acyclic graph', v_ids[i]))
               order by i), '[]')
        into v_more
      from generate_series(1, v_n) as i where v_left[i];
      v_errors := v_errors || v_more;
    end if;
  end if;

  -- Rule 5 (warning): nodes unreachable from the single trigger. Breadth-first over the forward
  -- adjacency built above, each node and edge visited once (a recursive CTE was quadratic on long chains).
  if cardinality(v_trigger_ids) = 1 then
    v_seen := array_fill(false, array[v_n]);
    v_queue := array_fill(0, array[v_n]);
    v_start := array_position(v_ids, v_trigger_ids[1]);
    v_seen[v_start] := true;
    v_queue[1] := v_start;
    v_head := 1;
    v_tail := 1;
    if coalesce(cardinality(v_src), 0) > 0 then
      while v_head <= v_tail loop
        v_node := v_queue[v_head];
        v_head := v_head + 1;
        for v_k in v_offsets[v_node] .. v_offsets[v_node + 1] - 1 loop
          v_next := v_dst[v_k];
          if not v_seen[v_next] then
            v_seen[v_next] := true;
            v_tail := v_tail + 1;
            v_queue[v_tail] := v_next;
          end if;
        end loop;
      end loop;
    end if;
    select coalesce(jsonb_agg(jsonb_build_object('code', 'node_unreachable', 'node_id', v_ids[i],
        'message', format('Node "%s" cannot be reached from the trigger and will never run', v_ids[i])) order by i), '[]')
      into v_warnings
    from generate_series(1, v_n) as i
    where not v_seen[i];
  end if;

  return jsonb_build_object('errors', v_errors, 'warnings', v_warnings);
end;
$$;

