-- Validation, part 2: the graph rules, in one walk. Nodes are numbered 1..n and edges are two parallel
-- arrays of node numbers (sources sorted ascending), so the walk knows nothing about JSON. Linear: every
-- node and edge is visited a bounded number of times, and there is no SQL inside the loops.
--   Rule 4, no cycle: Kahn's algorithm peels the nodes without incoming edges; what is left has an
--   incoming edge from another node left. Peeling, backwards, the nodes left that lead nowhere (downstream
--   of a cycle, not on one) leaves exactly the nodes on cycles.
--   Rule 5 (a warning), reachability: breadth-first from start_node along the edges (none when it is null).
create or replace function private.graph_walk(
  node_count integer,
  sources integer[],
  targets integer[],
  start_node integer,
  out cycle_nodes integer[],
  out unreachable integer[]
)
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_m integer := coalesce(cardinality(sources), 0);
  v_offsets integer[];  -- the out-neighbours of i are targets[v_offsets[i] .. v_offsets[i + 1] - 1]
  v_deg integer[];
  v_queue integer[];
  v_mark boolean[];
  v_head integer;
  v_tail integer;
  v_node integer;
  v_next integer;
  v_k integer;
  v_rsrc integer[];     -- backwards: the in-neighbours of i are v_rsrc[v_roffsets[i] .. v_roffsets[i + 1] - 1]
  v_roffsets integer[];
  v_fill integer[];
begin
  cycle_nodes := '{}';
  unreachable := '{}';
  if coalesce(node_count, 0) = 0 then
    return;
  end if;
  v_offsets := array_fill(1, array[node_count + 1]);
  v_deg := array_fill(0, array[node_count]);
  for v_k in 1 .. v_m loop
    v_offsets[sources[v_k] + 1] := v_offsets[sources[v_k] + 1] + 1;
    v_deg[targets[v_k]] := v_deg[targets[v_k]] + 1;
  end loop;
  for v_k in 1 .. node_count loop
    v_offsets[v_k + 1] := v_offsets[v_k + 1] + v_offsets[v_k] - 1;
  end loop;

  -- Reachability.
  if start_node is not null then
    v_mark := array_fill(false, array[node_count]);
    v_queue := array_fill(0, array[node_count]);
    v_mark[start_node] := true;
    v_queue[1] := start_node;
    v_head := 1;
    v_tail := 1;
    while v_head <= v_tail loop
      v_node := v_queue[v_head];
      v_head := v_head + 1;
      for v_k in v_offsets[v_node] .. v_offsets[v_node + 1] - 1 loop
        v_next := targets[v_k];
        if not v_mark[v_next] then
          v_mark[v_next] := true;
          v_tail := v_tail + 1;
          v_queue[v_tail] := v_next;
        end if;
      end loop;
    end loop;
    if v_tail < node_count then
      unreachable := array_fill(0, array[node_count - v_tail]);
      v_tail := 0;
      for v_k in 1 .. node_count loop
        if not v_mark[v_k] then
          v_tail := v_tail + 1;
          unreachable[v_tail] := v_k;
        end if;
      end loop;
    end if;
  end if;

  -- Cycles: peel forwards.
  v_queue := array_fill(0, array[node_count]);
  v_tail := 0;
  for v_k in 1 .. node_count loop
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
      v_next := targets[v_k];
      v_deg[v_next] := v_deg[v_next] - 1;
      if v_deg[v_next] = 0 then
        v_tail := v_tail + 1;
        v_queue[v_tail] := v_next;
      end if;
    end loop;
  end loop;
  if v_tail = node_count then
    return;
  end if;

  -- Then backwards, among the nodes left: the reverse adjacency (sources grouped by target, a counting
  -- sort) and out-degrees; peel the nodes that lead to no node left.
  v_mark := array_fill(true, array[node_count]);
  for v_k in 1 .. v_tail loop
    v_mark[v_queue[v_k]] := false;
  end loop;
  v_roffsets := array_fill(1, array[node_count + 1]);
  v_deg := array_fill(0, array[node_count]);
  for v_k in 1 .. v_m loop
    v_roffsets[targets[v_k] + 1] := v_roffsets[targets[v_k] + 1] + 1;
    if v_mark[sources[v_k]] and v_mark[targets[v_k]] then
      v_deg[sources[v_k]] := v_deg[sources[v_k]] + 1;
    end if;
  end loop;
  for v_k in 1 .. node_count loop
    v_roffsets[v_k + 1] := v_roffsets[v_k + 1] + v_roffsets[v_k] - 1;
  end loop;
  v_fill := v_roffsets[1:node_count];
  v_rsrc := array_fill(0, array[v_m]);
  for v_k in 1 .. v_m loop
    v_rsrc[v_fill[targets[v_k]]] := sources[v_k];
    v_fill[targets[v_k]] := v_fill[targets[v_k]] + 1;
  end loop;
  v_tail := 0;
  for v_k in 1 .. node_count loop
    if v_mark[v_k] and v_deg[v_k] = 0 then
      v_tail := v_tail + 1;
      v_queue[v_tail] := v_k;
    end if;
  end loop;
  v_head := 1;
  while v_head <= v_tail loop
    v_node := v_queue[v_head];
    v_head := v_head + 1;
    v_mark[v_node] := false;
    for v_k in v_roffsets[v_node] .. v_roffsets[v_node + 1] - 1 loop
      v_next := v_rsrc[v_k];
      if v_mark[v_next] then
        v_deg[v_next] := v_deg[v_next] - 1;
        if v_deg[v_next] = 0 then
          v_tail := v_tail + 1;
          v_queue[v_tail] := v_next;
        end if;
      end if;
    end loop;
  end loop;
  v_tail := 0;
  for v_k in 1 .. node_count loop
    if v_mark[v_k] then
      v_tail := v_tail + 1;
      v_queue[v_tail] := v_k;
    end if;
  end loop;
  cycle_nodes := v_queue[1:v_tail];
end;
$$;
comment on function private.graph_walk(integer, integer[], integer[], integer) is
  'The nodes (1..node_count) on a directed cycle, and those start_node cannot reach (none when it is null), both ascending; edges as parallel source/target arrays sorted by source. One linear walk.';
