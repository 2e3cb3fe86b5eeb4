-- Validation, part 3 (a warning): nodes the trigger cannot reach. Breadth-first over the forward
-- adjacency, each node and edge visited once (a recursive CTE was quadratic on long chains).

create or replace function private.graph_unreachable_nodes(
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
  v_offsets integer[] := private.graph_forward_offsets(node_count, sources);
  v_seen boolean[] := array_fill(false, array[node_count]);
  v_queue integer[] := array_fill(0, array[node_count]);
  v_head integer := 1;
  v_tail integer := 1;
  v_node integer;
  v_next integer;
  v_k integer;
begin
  if node_count = 0 or start_node is null then
    return '{}';
  end if;
  v_seen[start_node] := true;
  v_queue[1] := start_node;
  while v_head <= v_tail loop
    v_node := v_queue[v_head];
    v_head := v_head + 1;
    for v_k in v_offsets[v_node] .. v_offsets[v_node + 1] - 1 loop
      v_next := targets[v_k];
      if not v_seen[v_next] then
        v_seen[v_next] := true;
        v_tail := v_tail + 1;
        v_queue[v_tail] := v_next;
      end if;
    end loop;
  end loop;
  return array(select i from generate_series(1, node_count) as i where not v_seen[i] order by i);
end;
$$;
comment on function private.graph_unreachable_nodes(integer, integer[], integer[], integer) is
  'The nodes (1..node_count) that start_node cannot reach; edges as parallel source/target arrays sorted by source. Linear.';
