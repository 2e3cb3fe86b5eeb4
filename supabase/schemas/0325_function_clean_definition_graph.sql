-- Two questions about a definition, answered from the rules (0300 to 0320) rather than by rules of their
-- own: the graph of a definition whose shape is clean, and the unreachable nodes of an acyclic graph.
-- definition_problems (0330) does not need them; db-tests/definition_problems asks them of its corpus.

-- The graph of a definition without any shape problem: its node ids (sorted; node i is node_ids[i]), its
-- edges as distinct index pairs sorted by source, and the index of its one trigger; all null otherwise.
create or replace function private.clean_definition_graph(
  definition jsonb,
  out node_ids text[],
  out edge_sources integer[],
  out edge_targets integer[],
  out trigger_index integer
)
language sql
stable
set search_path = ''
as $$
  select s.node_ids, s.edge_sources, s.edge_targets, array_position(s.node_ids, s.trigger_ids[1])
  from private.definition_shape_problems(definition) s
  where jsonb_typeof(definition) = 'object' and s.errors = '[]'
$$;
comment on function private.clean_definition_graph(jsonb) is
  'For a definition without any shape problem: its sorted node ids, its edges as distinct index pairs sorted by source, and the index of its trigger; all null otherwise.';

-- The nodes (1..node_count) start_node cannot reach when the graph has no cycle; null when it has one.
create or replace function private.graph_dag_unreachable_nodes(
  node_count integer,
  sources integer[],
  targets integer[],
  start_node integer
) returns integer[]
language sql
immutable
set search_path = ''
as $$
  select case when cardinality(w.cycle_nodes) = 0 then w.unreachable end
  from private.graph_walk(node_count, sources, targets, start_node) w
$$;
comment on function private.graph_dag_unreachable_nodes(integer, integer[], integer[], integer) is
  'The nodes (1..node_count) that start_node cannot reach when the graph (edges sorted by source) is acyclic; null when it has a cycle.';
