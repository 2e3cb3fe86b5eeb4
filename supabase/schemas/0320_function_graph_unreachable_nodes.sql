-- Validation, part 3 (a warning): the nodes the trigger cannot reach, from the one graph walk (0310).

create or replace function private.graph_unreachable_nodes(
  node_count integer,
  sources integer[],
  targets integer[],
  start_node integer
) returns integer[]
language sql
immutable
set search_path = ''
as $$
  select (private.graph_walk(node_count, sources, targets, start_node)).unreachable
$$;
comment on function private.graph_unreachable_nodes(integer, integer[], integer[], integer) is
  'The nodes (1..node_count) that start_node cannot reach (private.graph_walk); edges as parallel source/target arrays sorted by source.';
