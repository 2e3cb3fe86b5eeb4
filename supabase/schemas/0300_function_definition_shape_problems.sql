-- Validation, part 1: the shape of a definition (rules 1 to 4 of docs/architecture.md, "Validation",
-- except cycles), in one set-based statement. The facts are computed once: each node and each edge parsed
-- once, node ids and edge ids counted once, each edge's endpoints looked up once. Every rule is then one
-- expression over those facts (the code of a problem, or null), and the same facts give the graph that
-- the cycle and reachability walk (0310) takes. A definition is clean exactly when this list is empty:
-- there is no second copy of the rules anywhere.
-- The list holds at most 10,001 problems (the first ones, in order; the messages are built after the
-- limit): definition_problems keeps the first 10,000 and says there are more, so a hostile 1 MiB
-- definition of 300,000 broken nodes is answered in bounded time and about a megabyte, not 40 MB.

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
-- The plan does not depend on the definition (the sizes of JSON arrays are unknown to the planner), so
-- plan the statement once per session rather than once per call for the first calls.
set plan_cache_mode = force_generic_plan
as $$
declare
  v_nodes_ok boolean := coalesce(jsonb_typeof(definition -> 'nodes') = 'array', false);
  v_edges_ok boolean := coalesce(jsonb_typeof(definition -> 'edges') = 'array', false);
  v_found jsonb;  -- the first 10,001 problems, in list order, before their messages are written
begin
  with
  -- The facts. Nodes in array order: id (a string, possibly empty), step type, whether it is a trigger,
  -- and the problems it has. ("offset 0": each field is read from the JSON once.)
  nodes as materialized (
    select x.ord, x.id, x.type, coalesce(t.is_trigger, false) as is_trigger,
           -- Rules 1 and 2, node by node: the code of the problem, null when there is none.
           case when coalesce(x.id, '') <> '' then null when x.is_object then 'node_id_missing' else 'node_invalid' end as c1,
           case when x.is_object and t.type is null then 'node_type_unknown' end as c2
    from (select e.ord, jsonb_typeof(e.n) = 'object' as is_object,
                 case when jsonb_typeof(e.n -> 'id') = 'string' then e.n ->> 'id' end as id,
                 case when jsonb_typeof(e.n #> '{data,type}') = 'string' then e.n #>> '{data,type}' end as type
          from jsonb_array_elements(case when v_nodes_ok then definition -> 'nodes' end) with ordinality as e(n, ord)
          offset 0) x
    left join public.workflow_node_types t on t.type = x.type),
  -- The graph's nodes: each distinct non-empty id, numbered in id order (node i is node_ids[i]), with the
  -- first node that uses it, how many do, and whether one of them is a trigger.
  ids as materialized (
    select d.id, d.first, d.uses, d.is_trigger, row_number() over (order by d.id)::integer as i
    from (select n.id, min(n.ord) as first, count(*) as uses, bool_or(n.is_trigger) as is_trigger
          from nodes n where n.id <> '' group by n.id) d),
  -- Edges in array order: id (non-empty, else null), endpoints, the graph nodes they name (null: none), and
  -- the problems it has.
  edges as materialized (
    select x.ord, x.id, x.source, x.target, s.i as source_i, t.i as target_i,
           -- Rules 1, 4 and 3, edge by edge: the code of the problem, null when there is none.
           case when x.id is not null then null when x.is_object then 'edge_id_missing' else 'edge_invalid' end as c1,
           case when x.is_object and (x.source is null or x.target is null) then 'edge_endpoint_missing' end as c2,
           case when x.source is not null and s.i is null then 'edge_source_unknown' end as c3,
           case when x.target is not null and t.i is null then 'edge_target_unknown' end as c4,
           case when x.source = x.target then 'edge_self_loop' end as c5,
           case when t.is_trigger then 'trigger_has_incoming_edge' end as c6
    from (select e.ord, jsonb_typeof(e.x) = 'object' as is_object,
                 case when jsonb_typeof(e.x -> 'id') = 'string' and e.x ->> 'id' <> '' then e.x ->> 'id' end as id,
                 case when jsonb_typeof(e.x -> 'source') = 'string' then e.x ->> 'source' end as source,
                 case when jsonb_typeof(e.x -> 'target') = 'string' then e.x ->> 'target' end as target
          from jsonb_array_elements(case when v_edges_ok then definition -> 'edges' end) with ordinality as e(x, ord)
          offset 0) x
    left join ids s on s.id = x.source
    left join ids t on t.id = x.target),
  triggers as (select ids.id, ids.i from ids where ids.is_trigger),
  -- Every problem: those above, duplicate ids, and the number of triggers (rule 3). part, pos, k give the
  -- order of the list: "nodes"/"edges" not arrays; rule 1 for the nodes, then for the edges (array order);
  -- rule 2; rule 4 edge by edge; rule 3 (triggers by id, then the edges into one).
  problems as (
    select 'nodes_not_array' as code, 0 as part, 0::bigint as pos, 1 as k, null::bigint as ord, null::text as id,
           null::text as a, null::text as b, null::bigint as n
    where not v_nodes_ok
    union all
    select 'edges_not_array', 0, 0, 2, null, null, null, null, null where not v_edges_ok
    union all
    select c.code, c.part, n.ord, c.k, n.ord, n.id, n.type, null, null
    from nodes n, lateral (values (n.c1, 1, 1), (n.c2, 3, 1)) as c(code, part, k)
    where coalesce(n.c1, n.c2) is not null and c.code is not null
    union all
    select 'node_id_duplicate', 1, d.first, 2, null, d.id, null, null, d.uses from ids d where d.uses > 1
    union all
    select c.code, c.part, e.ord, c.k, e.ord, e.id, e.source, e.target, null
    from edges e, lateral (values (e.c1, 2, 3), (e.c2, 2, 5), (e.c3, 4, 1), (e.c4, 4, 2), (e.c5, 4, 3), (e.c6, 6, 1))
                  as c(code, part, k)
    where coalesce(e.c1, e.c2, e.c3, e.c4, e.c5, e.c6) is not null and c.code is not null
    union all
    select 'edge_id_duplicate', 2, d.first, 4, null, d.id, null, null, d.uses
    from (select e.id, min(e.ord) as first, count(*) as uses from edges e where e.id is not null group by e.id) d
    where d.uses > 1
    union all
    select 'trigger_missing', 5, 0, 1, null, null, null, null, null where v_nodes_ok and not exists (select from triggers)
    union all
    select 'trigger_multiple', 5, t.i, 2, null, t.id, null, null, c.n
    from (select count(*) as n from triggers) c, triggers t where c.n > 1)
  select l.found, n.node_ids, g.sources, g.targets, t.trigger_ids
    into v_found, node_ids, edge_sources, edge_targets, trigger_ids
  from
    (select coalesce(jsonb_agg(jsonb_build_object('code', p.code, 'ord', p.ord, 'id', p.id, 'a', p.a, 'b', p.b, 'n', p.n)
                               order by p.part, p.pos, p.k), '[]') as found
     from (select * from problems order by part, pos, k limit 10001) p) l,
    (select coalesce(array_agg(ids.id order by ids.i), '{}') as node_ids from ids) n,
    -- The graph's edges: the distinct pairs of two different nodes (self-loops are reported above), by source.
    -- (One sort for both arrays: the aggregates read the sorted rows in order.)
    (select coalesce(array_agg(p.s), '{}') as sources, coalesce(array_agg(p.t), '{}') as targets
     from (select distinct e.source_i as s, e.target_i as t from edges e where e.source_i <> e.target_i order by 1, 2) p) g,
    (select coalesce(array_agg(t.id order by t.i), '{}') as trigger_ids from triggers t) t;

  -- The messages, written only when there are problems (e: the edge as "id", or "#ord" without an id).
  errors := '[]';
  if jsonb_array_length(v_found) > 0 then
    select jsonb_agg(jsonb_strip_nulls(case p.code
          when 'nodes_not_array' then jsonb_build_object('code', p.code, 'message', '"nodes" must be an array')
          when 'edges_not_array' then jsonb_build_object('code', p.code, 'message', '"edges" must be an array')
          when 'node_invalid' then jsonb_build_object('code', p.code, 'message', format('Node #%s must be a JSON object', p.ord))
          when 'node_id_missing' then jsonb_build_object('code', p.code, 'message', format('Node #%s needs a non-empty string "id"', p.ord))
          when 'node_id_duplicate' then jsonb_build_object('code', p.code, 'node_id', p.id,
            'message', format('Node id "%s" is used by %s nodes; ids must be unique', p.id, p.n))
          when 'edge_invalid' then jsonb_build_object('code', p.code, 'message', format('Edge #%s must be a JSON object', p.ord))
          when 'edge_id_missing' then jsonb_build_object('code', p.code, 'message', format('Edge #%s needs a non-empty string "id"', p.ord))
          when 'edge_id_duplicate' then jsonb_build_object('code', p.code, 'edge_id', p.id,
            'message', format('Edge id "%s" is used by %s edges; ids must be unique', p.id, p.n))
          when 'edge_endpoint_missing' then jsonb_build_object('code', p.code, 'edge_id', p.id,
            'message', format('Edge %s needs string "source" and "target" node ids', p.e))
          when 'node_type_unknown' then jsonb_build_object('code', p.code, 'node_id', nullif(p.id, ''),
            'message', case when p.a is null
              then format('Node %s has no step type (data.type)', coalesce('"' || nullif(p.id, '') || '"', '#' || p.ord))
              else format('Node %s has the unknown step type "%s"', coalesce('"' || nullif(p.id, '') || '"', '#' || p.ord), p.a) end)
          when 'edge_source_unknown' then jsonb_build_object('code', p.code, 'edge_id', p.id,
            'message', format('Edge %s starts at "%s", which is not a node', p.e, p.a))
          when 'edge_target_unknown' then jsonb_build_object('code', p.code, 'edge_id', p.id,
            'message', format('Edge %s ends at "%s", which is not a node', p.e, p.b))
          when 'edge_self_loop' then jsonb_build_object('code', p.code, 'edge_id', p.id, 'node_id', p.a,
            'message', format('Edge %s connects node "%s" to itself', p.e, p.a))
          when 'trigger_missing' then jsonb_build_object('code', p.code,
            'message', 'The workflow needs exactly one trigger node (webhook or schedule); it has none')
          when 'trigger_multiple' then jsonb_build_object('code', p.code, 'node_id', p.id,
            'message', format('Node "%s" is one of %s trigger nodes; a workflow has exactly one trigger', p.id, p.n))
          when 'trigger_has_incoming_edge' then jsonb_build_object('code', p.code, 'node_id', p.b, 'edge_id', p.id,
            'message', format('Trigger node "%s" has an incoming edge from "%s"; a trigger starts the workflow', p.b, p.a))
        end) order by p.i)
      into errors
    from (select x.i, x.p ->> 'code' as code, x.p ->> 'ord' as ord, x.p ->> 'id' as id, x.p ->> 'a' as a,
                 x.p ->> 'b' as b, x.p ->> 'n' as n, coalesce('"' || (x.p ->> 'id') || '"', '#' || (x.p ->> 'ord')) as e
          from jsonb_array_elements(v_found) with ordinality as x(p, i)) p;
  end if;
end;
$$;
comment on function private.definition_shape_problems(jsonb) is
  'Validation rules 1-4 except cycles, as a list of problems, plus the graph (node ids sorted, edges as index pairs sorted by source, trigger ids) for the cycle and reachability checks.';

-- The graph facts above in a form a save can compare cheaply. The verdict reads nothing else of a
-- definition: each node's id and step type, and each edge's id, source and target, in array order (the
-- messages name nodes and edges by position), plus the node types (private.node_types_fingerprint). So two
-- definitions with equal facts have equal verdicts, and a save that only changes labels, configs,
-- positions or settings (most saves) can keep the verdict stored on the draft (0140) instead of
-- validating again. The hash covers only regular definitions, where every node is an object with a string
-- id and a data object with a string type, and every edge an object with string id, source and target:
-- there each path below yields exactly one value per element, so the lists line up. Anything else
-- gets null and is always validated. A new rule that reads another field must be added here too
-- (db-tests/save_draft/reuses_the_verdict_of_an_unchanged_graph.test.sql pins the fields).

create or replace function private.definition_graph_hash(definition jsonb) returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  -- How many nodes and edges (null unless an array). Paths on the whole definition throughout: each
  -- definition -> 'nodes' would copy the nodes array.
  v_nodes jsonb := jsonb_path_query_first(definition, 'strict $.nodes.size()', '{}', true);
  v_edges jsonb := jsonb_path_query_first(definition, 'strict $.edges.size()', '{}', true);
  v_facts jsonb;
begin
  if v_nodes is null or v_edges is null then
    return null;
  end if;
  -- Strict paths, errors silenced: a path stops at the first element without the member (or that is not
  -- an object, or whose data is not an object), so each list has one value per element exactly when every
  -- element is regular.
  v_facts := jsonb_build_array(
    jsonb_path_query_array(definition, 'strict $.nodes[*].id', '{}', true),
    jsonb_path_query_array(definition, 'strict $.nodes[*].data.type', '{}', true),
    jsonb_path_query_array(definition, 'strict $.edges[*].id', '{}', true),
    jsonb_path_query_array(definition, 'strict $.edges[*].source', '{}', true),
    jsonb_path_query_array(definition, 'strict $.edges[*].target', '{}', true));
  if jsonb_path_query_array(v_facts, 'strict $[*].size()') = jsonb_build_array(v_nodes, v_nodes, v_edges, v_edges, v_edges)
     and jsonb_path_query_array(v_facts, 'strict $[*][*].type()') <@ '["string"]' then
    return private.text_hash(v_facts::text);
  end if;
  return null;
end;
$$;
comment on function private.definition_graph_hash(jsonb) is
  'sha256 hex of the facts validation reads (node ids and step types, edge ids and endpoints, in order) for a regular definition; null otherwise. Equal hashes and node types give equal verdicts.';
