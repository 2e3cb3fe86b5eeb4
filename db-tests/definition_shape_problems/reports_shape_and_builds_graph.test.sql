-- (tests.codes gives the distinct codes, sorted.)
-- The shape helper: rules 1-4 (but cycles) as problems, and the graph it hands to the cycle and
-- reachability helpers (distinct valid ids; edges between them as index pairs sorted by source).
begin;
select plan(6);

-- TEST: a valid two-node graph has no problems and one edge 1 → 2 over the sorted ids
select is(
  (select row(errors, node_ids, edge_sources, edge_targets, trigger_ids)::text
   from private.definition_shape_problems(
     '{"nodes": [{"id": "start", "data": {"type": "webhook"}}, {"id": "call", "data": {"type": "http_call"}}],
       "edges": [{"id": "e1", "source": "start", "target": "call"}]}')),
  row('[]'::jsonb, '{call,start}'::text[], '{2}'::int[], '{1}'::int[], '{start}'::text[])::text,
  'no problems; ids sorted; the edge start → call as 2 → 1; start is the trigger');

-- TEST: non-array nodes and edges are both reported
select is(
  (select tests.codes(jsonb_build_object('errors', errors)) from private.definition_shape_problems('{"nodes": {}, "edges": 1}')),
  '{edges_not_array,nodes_not_array}'::text[], 'nodes and edges must be arrays');

-- TEST: duplicate ids and a missing id
select is(
  (select tests.codes(jsonb_build_object('errors', errors)) from private.definition_shape_problems(
     '{"nodes": [{"id": "a", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "transform"}}, {"data": {"type": "transform"}}],
       "edges": []}')),
  '{node_id_duplicate,node_id_missing}'::text[], 'a missing id and a duplicate id');

-- TEST: an edge to an unknown node and a self-loop; neither reaches the graph
select is(
  (select row(tests.codes(jsonb_build_object('errors', errors)), edge_sources)::text from private.definition_shape_problems(
     '{"nodes": [{"id": "a", "data": {"type": "webhook"}}, {"id": "b", "data": {"type": "transform"}}],
       "edges": [{"id": "e1", "source": "a", "target": "zz"}, {"id": "e2", "source": "b", "target": "b"}]}')),
  row('{edge_self_loop,edge_target_unknown}'::text[], '{}'::int[])::text, 'unknown target and self-loop reported, not in the graph');

-- TEST: two triggers, one with an incoming edge
select is(
  (select tests.codes(jsonb_build_object('errors', errors)) from private.definition_shape_problems(
     '{"nodes": [{"id": "a", "data": {"type": "webhook"}}, {"id": "b", "data": {"type": "schedule"}}],
       "edges": [{"id": "e1", "source": "a", "target": "b"}]}')),
  '{trigger_has_incoming_edge,trigger_multiple}'::text[], 'two triggers and an incoming edge');

-- TEST: an unknown step type
select is(
  (select tests.codes(jsonb_build_object('errors', errors)) from private.definition_shape_problems(
     '{"nodes": [{"id": "a", "data": {"type": "webhook"}}, {"id": "b", "data": {"type": "teleport"}}], "edges": []}')),
  '{node_type_unknown}'::text[], 'unknown step type');

select * from finish();
rollback;
