-- The problem list is public (docs/architecture.md, "Validation"): the codes, the messages, the node_id /
-- edge_id keys and the order. These pin the whole list, byte for byte, for definitions that break every
-- rule at once, so that any change to how the rules are computed shows up here.
-- Order: "nodes"/"edges" not arrays; rule 1 for nodes, then for edges (in array order); rule 2; rule 4
-- (edge by edge); rule 3 (triggers by id, then edges into a trigger); cycles by node id. Warnings by node id.
begin;
select plan(7);

-- TEST: every shape rule at once, and a cycle; no single trigger, so no reachability warning
select is(private.definition_problems('{
  "nodes": [{"id": "t", "data": {"type": "webhook"}}, 42, {"id": "t", "data": {"type": "delay"}}, {"data": {"type": "delay"}},
            {"id": "", "data": {"type": "teleport"}}, {"id": "s", "data": {"type": "schedule"}}, {"id": "x", "data": {"type": 5}},
            {"id": "a", "data": {"type": "delay"}}, {"id": "b", "data": {"type": "delay"}}, {"id": "x", "data": {}}],
  "edges": [{"id": "e1", "source": "t", "target": "ghost"}, "e2", {"id": "e1", "source": "x", "target": "x"}, {"source": "a", "target": "b"},
            {"id": "e5", "target": "s"}, {"id": "e6", "source": "nobody", "target": "t"}, {"id": "e7", "source": "b", "target": "a"},
            {"id": 7, "source": "a", "target": "b"}, {"id": "e9", "source": "t", "target": "a"}]}'),
  $${"errors": [
    {"code": "node_id_duplicate", "message": "Node id \"t\" is used by 2 nodes; ids must be unique", "node_id": "t"},
    {"code": "node_invalid", "message": "Node #2 must be a JSON object"},
    {"code": "node_id_missing", "message": "Node #4 needs a non-empty string \"id\""},
    {"code": "node_id_missing", "message": "Node #5 needs a non-empty string \"id\""},
    {"code": "node_id_duplicate", "message": "Node id \"x\" is used by 2 nodes; ids must be unique", "node_id": "x"},
    {"code": "edge_id_duplicate", "edge_id": "e1", "message": "Edge id \"e1\" is used by 2 edges; ids must be unique"},
    {"code": "edge_invalid", "message": "Edge #2 must be a JSON object"},
    {"code": "edge_id_missing", "message": "Edge #4 needs a non-empty string \"id\""},
    {"code": "edge_endpoint_missing", "edge_id": "e5", "message": "Edge \"e5\" needs string \"source\" and \"target\" node ids"},
    {"code": "edge_id_missing", "message": "Edge #8 needs a non-empty string \"id\""},
    {"code": "node_type_unknown", "message": "Node #5 has the unknown step type \"teleport\""},
    {"code": "node_type_unknown", "message": "Node \"x\" has no step type (data.type)", "node_id": "x"},
    {"code": "node_type_unknown", "message": "Node \"x\" has no step type (data.type)", "node_id": "x"},
    {"code": "edge_target_unknown", "edge_id": "e1", "message": "Edge \"e1\" ends at \"ghost\", which is not a node"},
    {"code": "edge_self_loop", "edge_id": "e1", "message": "Edge \"e1\" connects node \"x\" to itself", "node_id": "x"},
    {"code": "edge_source_unknown", "edge_id": "e6", "message": "Edge \"e6\" starts at \"nobody\", which is not a node"},
    {"code": "trigger_multiple", "message": "Node \"s\" is one of 2 trigger nodes; a workflow has exactly one trigger", "node_id": "s"},
    {"code": "trigger_multiple", "message": "Node \"t\" is one of 2 trigger nodes; a workflow has exactly one trigger", "node_id": "t"},
    {"code": "trigger_has_incoming_edge", "edge_id": "e5", "message": "Trigger node \"s\" has an incoming edge from \"\"; a trigger starts the workflow", "node_id": "s"},
    {"code": "trigger_has_incoming_edge", "edge_id": "e6", "message": "Trigger node \"t\" has an incoming edge from \"nobody\"; a trigger starts the workflow", "node_id": "t"},
    {"code": "graph_cycle", "message": "Node \"a\" is part of a cycle; a workflow must be a directed acyclic graph", "node_id": "a"},
    {"code": "graph_cycle", "message": "Node \"b\" is part of a cycle; a workflow must be a directed acyclic graph", "node_id": "b"}],
  "warnings": []}$$::jsonb,
  'every shape problem, in order, with its message and keys');

-- TEST: one trigger (its id used twice): errors, a cycle through the trigger, and warnings by node id
select is(private.definition_problems('{
  "nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "b", "data": {"type": "delay"}}, {"id": "B", "data": {"type": "delay"}},
            {"id": "é", "data": {"type": "delay"}}, {"id": "10", "data": {"type": "delay"}}, {"id": "9", "data": {"type": "delay"}},
            {"id": "a b", "data": {"type": "delay"}}, {"id": "t", "data": {"type": "webhook"}}, {"id": "c", "data": {"type": "nope"}}],
  "edges": [{"id": "e", "source": "t", "target": "9"}, {"id": "f", "source": "10", "target": "10"}, {"id": "g", "source": "9", "target": "t"},
            {"id": "h", "source": "b", "target": "B"}, {"id": "i", "source": "b", "target": "B"}]}'),
  $${"errors": [
    {"code": "node_id_duplicate", "message": "Node id \"t\" is used by 2 nodes; ids must be unique", "node_id": "t"},
    {"code": "node_type_unknown", "message": "Node \"c\" has the unknown step type \"nope\"", "node_id": "c"},
    {"code": "edge_self_loop", "edge_id": "f", "message": "Edge \"f\" connects node \"10\" to itself", "node_id": "10"},
    {"code": "trigger_has_incoming_edge", "edge_id": "g", "message": "Trigger node \"t\" has an incoming edge from \"9\"; a trigger starts the workflow", "node_id": "t"},
    {"code": "graph_cycle", "message": "Node \"9\" is part of a cycle; a workflow must be a directed acyclic graph", "node_id": "9"},
    {"code": "graph_cycle", "message": "Node \"t\" is part of a cycle; a workflow must be a directed acyclic graph", "node_id": "t"}],
  "warnings": [
    {"code": "node_unreachable", "message": "Node \"10\" cannot be reached from the trigger and will never run", "node_id": "10"},
    {"code": "node_unreachable", "message": "Node \"B\" cannot be reached from the trigger and will never run", "node_id": "B"},
    {"code": "node_unreachable", "message": "Node \"a b\" cannot be reached from the trigger and will never run", "node_id": "a b"},
    {"code": "node_unreachable", "message": "Node \"b\" cannot be reached from the trigger and will never run", "node_id": "b"},
    {"code": "node_unreachable", "message": "Node \"c\" cannot be reached from the trigger and will never run", "node_id": "c"},
    {"code": "node_unreachable", "message": "Node \"é\" cannot be reached from the trigger and will never run", "node_id": "é"}]}$$::jsonb,
  'a single trigger: errors, then warnings for every node it cannot reach');

-- TEST: a valid definition with a cycle the trigger cannot reach: cycle errors and warnings, both by id
select is(private.definition_problems('{"nodes": [{"id": "t", "data": {"type": "schedule"}}, {"id": "a", "data": {"type": "delay"}},
    {"id": "z", "data": {"type": "delay"}}, {"id": "m", "data": {"type": "delay"}}],
  "edges": [{"id": "1", "source": "t", "target": "a"}, {"id": "2", "source": "z", "target": "m"}, {"id": "3", "source": "m", "target": "z"}]}'),
  $${"errors": [
    {"code": "graph_cycle", "message": "Node \"m\" is part of a cycle; a workflow must be a directed acyclic graph", "node_id": "m"},
    {"code": "graph_cycle", "message": "Node \"z\" is part of a cycle; a workflow must be a directed acyclic graph", "node_id": "z"}],
  "warnings": [
    {"code": "node_unreachable", "message": "Node \"m\" cannot be reached from the trigger and will never run", "node_id": "m"},
    {"code": "node_unreachable", "message": "Node \"z\" cannot be reached from the trigger and will never run", "node_id": "z"}]}$$::jsonb,
  'an unreachable cycle');

-- TEST: no trigger, edges not an array
select is(private.definition_problems('{"nodes": [{"id": "a", "data": {"type": "delay"}}, 5], "edges": "x"}'),
  $${"errors": [
    {"code": "edges_not_array", "message": "\"edges\" must be an array"},
    {"code": "node_invalid", "message": "Node #2 must be a JSON object"},
    {"code": "trigger_missing", "message": "The workflow needs exactly one trigger node (webhook or schedule); it has none"}],
  "warnings": []}$$::jsonb,
  'edges not an array, a broken node, no trigger');

-- TEST: neither nodes nor edges are arrays (no trigger_missing then); not an object at all
select is(private.definition_problems('{"nodes": {}, "edges": {}}'),
  $${"errors": [{"code": "nodes_not_array", "message": "\"nodes\" must be an array"},
                {"code": "edges_not_array", "message": "\"edges\" must be an array"}], "warnings": []}$$::jsonb,
  'nodes and edges not arrays');
select is(private.definition_problems('[]'),
  $${"errors": [{"code": "definition_not_object", "message": "The definition must be a JSON object with \"nodes\" and \"edges\""}], "warnings": []}$$::jsonb,
  'not an object');

-- TEST: a valid definition
select is(private.definition_problems(tests.valid_definition(5)), '{"errors": [], "warnings": []}'::jsonb, 'a valid chain: nothing');

select * from finish();
rollback;
