-- Validation: every problem of a definition at once, for live feedback in the editor and as the gate of
-- publish_draft (through the verdict stored on the draft). One path for every definition, valid or not:
-- the shape facts and rules (0300), then one walk of the graph for cycles and reachability (0310). The cost
-- grows with the graph's size, not its square (npm run bench, 100 to 10,000 nodes). No writes, not even to
-- temp tables: it runs in read-only calls.

create or replace function private.definition_problems(definition jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_shape record;
  v_walk record;
  v_errors jsonb;
  v_more jsonb := '[]';
  v_warnings jsonb := '[]';
begin
  if definition is null or jsonb_typeof(definition) <> 'object' then
    return jsonb_build_object('errors', jsonb_build_array(jsonb_build_object(
      'code', 'definition_not_object', 'message', 'The definition must be a JSON object with "nodes" and "edges"')),
      'warnings', '[]'::jsonb);
  end if;

  v_shape := private.definition_shape_problems(definition);
  v_errors := v_shape.errors;
  -- Rule 4: no cycle. Rule 5 (a warning): the nodes the trigger cannot reach, when there is exactly one.
  v_walk := private.graph_walk(cardinality(v_shape.node_ids), v_shape.edge_sources, v_shape.edge_targets,
    case when cardinality(v_shape.trigger_ids) = 1 then array_position(v_shape.node_ids, v_shape.trigger_ids[1]) end);

  -- Node numbers back to ids, by a join (a subscript of a text array costs its position); node_ids is
  -- sorted, so number order is id order.
  if cardinality(v_walk.cycle_nodes) > 0 or cardinality(v_walk.unreachable) > 0 then
    with named as (select x.id, x.i from unnest(v_shape.node_ids) with ordinality as x(id, i))
    select
      (select coalesce(jsonb_agg(jsonb_build_object('code', 'graph_cycle', 'node_id', n.id,
                'message', format('Node "%s" is part of a cycle; a workflow must be a directed acyclic graph', n.id))
                order by n.i), '[]')
       from (select n.* from unnest(v_walk.cycle_nodes) as c(i) join named n on n.i = c.i order by n.i limit 10001) n),
      (select coalesce(jsonb_agg(jsonb_build_object('code', 'node_unreachable', 'node_id', n.id,
                'message', format('Node "%s" cannot be reached from the trigger and will never run', n.id))
                order by n.i), '[]')
       from unnest(v_walk.unreachable) as u(i) join named n on n.i = u.i)
      into v_more, v_warnings;
    v_errors := v_errors || v_more;
  end if;

  -- At most 10,000 errors (each kind is listed at most 10,001 times, so these are the first 10,000).
  if jsonb_array_length(v_errors) > 10000 then
    select jsonb_agg(e.value order by e.ord) || jsonb_build_object('code', 'too_many_problems',
             'message', 'More than 10,000 problems: the first 10,000 are listed. Fix them and validate again')
      into v_errors
    from jsonb_array_elements(v_errors) with ordinality as e(value, ord)
    where e.ord <= 10000;
  end if;

  return jsonb_build_object('errors', v_errors, 'warnings', v_warnings);
end;
$$;
comment on function private.definition_problems(jsonb) is
  'Every validation problem of a definition: {"errors": [...], "warnings": [...]}. The rules are in docs/architecture.md, "Validation".';
