-- Validation, part 2: cycle detection. Graph helpers work on nodes numbered 1..n and edges given as
-- two parallel arrays of node numbers (sources sorted ascending), so they know nothing about JSON.

-- Forward adjacency: the out-neighbours of node i are targets[offsets[i] .. offsets[i + 1] - 1].
create or replace function private.graph_forward_offsets(node_count integer, sources integer[])
returns integer[]
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_deg integer[] := array_fill(0, array[node_count]);
  v_offsets integer[] := array_fill(1, array[node_count + 1]);
  v_k integer;
begin
  for v_k in 1 .. coalesce(cardinality(sources), 0) loop
    v_deg[sources[v_k]] := v_deg[sources[v_k]] + 1;
  end loop;
  for v_k in 1 .. node_count loop
    v_offsets[v_k + 1] := v_offsets[v_k] + v_deg[v_k];
  end loop;
  return v_offsets;
end;
$$;
comment on function private.graph_forward_offsets(integer, integer[]) is
  'CSR offsets of a graph whose edge sources are sorted: out-neighbours of i are targets[offsets[i] .. offsets[i+1]-1].';

-- The nodes that lie on a cycle. Kahn's algorithm peels the nodes without incoming edges; what is left
-- has an incoming edge from another node left. Peeling, backwards, the nodes left that lead nowhere
-- (downstream of a cycle, not on one) leaves exactly the nodes on cycles. Linear: every node and edge is
-- visited a bounded number of times.
create or replace function private.graph_cycle_nodes(node_count integer, sources integer[], targets integer[])
returns integer[]
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_offsets integer[];
  v_deg integer[];
  v_queue integer[];
  v_head integer;
  v_tail integer;
  v_node integer;
  v_next integer;
  v_k integer;
  v_left boolean[];
  v_rsrc integer[];
  v_roffsets integer[];
begin
  if node_count = 0 or coalesce(cardinality(sources), 0) = 0 then
    return '{}';
  end if;
  v_offsets := private.graph_forward_offsets(node_count, sources);
  -- In-degrees, then peel nodes without incoming edges.
  v_deg := array_fill(0, array[node_count]);
  for v_k in 1 .. cardinality(targets) loop
    v_deg[targets[v_k]] := v_deg[targets[v_k]] + 1;
  end loop;
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
    return '{}';
  end if;

  -- Backwards: reverse adjacency (sources grouped by target), out-degrees among the nodes left.
  v_left := array_fill(true, array[node_count]);
  for v_k in 1 .. v_tail loop
    v_left[v_queue[v_k]] := false;
  end loop;
  select coalesce(array_agg(s order by t, s), '{}') into v_rsrc from unnest(sources, targets) as x(s, t);
  v_roffsets := array_fill(1, array[node_count + 1]);
  v_deg := array_fill(0, array[node_count]);
  for v_k in 1 .. cardinality(targets) loop
    v_roffsets[targets[v_k] + 1] := v_roffsets[targets[v_k] + 1] + 1;
    if v_left[sources[v_k]] and v_left[targets[v_k]] then
      v_deg[sources[v_k]] := v_deg[sources[v_k]] + 1;
    end if;
  end loop;
  for v_k in 1 .. node_count loop
    v_roffsets[v_k + 1] := v_roffsets[v_k + 1] + v_roffsets[v_k] - 1;
  end loop;
  v_tail := 0;
  for v_k in 1 .. node_count loop
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
  return array(select i from generate_series(1, node_count) as i where v_left[i] order by i);
end;
$$;
comment on function private.graph_cycle_nodes(integer, integer[], integer[]) is
  'The nodes (1..node_count) that lie on a directed cycle; edges as parallel source/target arrays sorted by source. Linear.';
