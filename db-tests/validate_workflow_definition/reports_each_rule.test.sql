-- validate_workflow_definition(definition): signed-in; {"valid", "errors": [{"code", "message",
-- "node_id"?, "edge_id"?}], "warnings": [...]}. One failing definition per rule of the design.
begin;
select plan(35);

select tests.create_user('alice');
select tests.authenticate_as('alice');

-- TEST: a valid definition
select is(public.validate_workflow_definition(tests.valid_definition(3)),
  '{"valid": true, "errors": [], "warnings": []}'::jsonb, 'a valid chain: valid, no errors, no warnings');
select is(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "schedule"}}], "edges": []}') -> 'valid',
  'true'::jsonb, 'a lone schedule trigger is valid');

-- TEST: rule 1, structure
select ok(tests.codes(public.validate_workflow_definition('[]')) @> array['definition_not_object'], 'array → definition_not_object');
select ok(tests.codes(public.validate_workflow_definition('"text"')) @> array['definition_not_object'], 'string → definition_not_object');
select ok(tests.codes(public.validate_workflow_definition('{"nodes": {}, "edges": []}')) @> array['nodes_not_array'], 'nodes object → nodes_not_array');
select ok(tests.codes(public.validate_workflow_definition('{"edges": []}')) @> array['nodes_not_array'], 'nodes missing → nodes_not_array');
select ok(tests.codes(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}], "edges": "e1"}')) @> array['edges_not_array'], 'edges string → edges_not_array');
select ok(tests.codes(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}]}')) @> array['edges_not_array'], 'edges missing → edges_not_array');
select ok(tests.codes(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}, 42], "edges": []}')) @> array['node_invalid'], 'a number as node → node_invalid');
select ok(tests.codes(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"data": {"type": "delay"}}], "edges": []}')) @> array['node_id_missing'], 'node without id → node_id_missing');
select ok(tests.codes(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "", "data": {"type": "delay"}}], "edges": []}')) @> array['node_id_missing'], 'empty id → node_id_missing');
select ok(tests.codes(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": 7, "data": {"type": "delay"}}], "edges": []}')) @> array['node_id_missing'], 'numeric id → node_id_missing');
select is(tests.problem(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}, {"id": "a", "data": {"type": "delay"}}], "edges": [{"id": "e", "source": "t", "target": "a"}]}'), 'node_id_duplicate') ->> 'node_id',
  'a', 'duplicate node id → node_id_duplicate with node_id');
select ok(tests.codes(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}], "edges": ["e"]}')) @> array['edge_invalid'], 'a string as edge → edge_invalid');
select ok(tests.codes(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}], "edges": [{"source": "t", "target": "a"}]}')) @> array['edge_id_missing'], 'edge without id → edge_id_missing');
select is(tests.problem(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}, {"id": "b", "data": {"type": "delay"}}], "edges": [{"id": "e", "source": "t", "target": "a"}, {"id": "e", "source": "a", "target": "b"}]}'), 'edge_id_duplicate') ->> 'edge_id',
  'e', 'duplicate edge id → edge_id_duplicate with edge_id');
select is(tests.problem(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}], "edges": [{"id": "e", "source": "t"}]}'), 'edge_endpoint_missing') ->> 'edge_id',
  'e', 'edge without target → edge_endpoint_missing with edge_id');
select ok(tests.codes(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}], "edges": [{"id": "e", "target": "a"}]}')) @> array['edge_endpoint_missing'], 'edge without source → edge_endpoint_missing');

-- TEST: rule 2, known node types
select is(tests.problem(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "x", "data": {"type": "teleport"}}], "edges": [{"id": "e", "source": "t", "target": "x"}]}'), 'node_type_unknown') ->> 'node_id',
  'x', 'unknown data.type → node_type_unknown with node_id');
select ok(tests.codes(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "x", "data": {}}], "edges": [{"id": "e", "source": "t", "target": "x"}]}')) @> array['node_type_unknown'], 'missing data.type → node_type_unknown');

-- TEST: rule 3, exactly one trigger without incoming edges
select is(tests.codes(public.validate_workflow_definition('{"nodes": [{"id": "a", "data": {"type": "http_call"}}], "edges": []}')), array['trigger_missing'], 'no trigger → trigger_missing');
select ok(tests.codes(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "s", "data": {"type": "schedule"}}], "edges": []}')) @> array['trigger_multiple'], 'webhook + schedule → trigger_multiple');
select is(tests.problem(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}], "edges": [{"id": "e1", "source": "t", "target": "a"}, {"id": "e2", "source": "a", "target": "t"}]}'), 'trigger_has_incoming_edge') ->> 'node_id',
  't', 'an edge into the trigger → trigger_has_incoming_edge with node_id');

-- TEST: rule 4, edges between existing nodes, no self-loops, no cycles
select is(tests.problem(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}], "edges": [{"id": "e", "source": "ghost", "target": "t"}]}'), 'edge_source_unknown') ->> 'edge_id',
  'e', 'unknown source → edge_source_unknown with edge_id');
select is(tests.problem(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}], "edges": [{"id": "e", "source": "t", "target": "ghost"}]}'), 'edge_target_unknown') ->> 'edge_id',
  'e', 'unknown target → edge_target_unknown with edge_id');
select is(tests.problem(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "loop"}}], "edges": [{"id": "e1", "source": "t", "target": "a"}, {"id": "e", "source": "a", "target": "a"}]}'), 'edge_self_loop') ->> 'edge_id',
  'e', 'a self-loop → edge_self_loop with edge_id');
select ok(tests.codes(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}, {"id": "b", "data": {"type": "delay"}}, {"id": "c", "data": {"type": "delay"}}], "edges": [{"id": "e1", "source": "t", "target": "a"}, {"id": "e2", "source": "a", "target": "b"}, {"id": "e3", "source": "b", "target": "c"}, {"id": "e4", "source": "c", "target": "a"}]}')) @> array['graph_cycle'],
  'a → b → c → a → graph_cycle');
select is(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "branch"}}, {"id": "b", "data": {"type": "delay"}}, {"id": "c", "data": {"type": "delay"}}, {"id": "d", "data": {"type": "terminate"}}], "edges": [{"id": "e1", "source": "t", "target": "a"}, {"id": "e2", "source": "a", "target": "b"}, {"id": "e3", "source": "a", "target": "c"}, {"id": "e4", "source": "b", "target": "d"}, {"id": "e5", "source": "c", "target": "d"}]}') -> 'valid',
  'true'::jsonb, 'a diamond (join, no cycle) is valid');

-- TEST: rule 5, unreachable nodes are warnings, not errors
select is(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}, {"id": "orphan", "data": {"type": "delay"}}], "edges": [{"id": "e1", "source": "t", "target": "a"}]}') - 'warnings',
  '{"valid": true, "errors": []}'::jsonb, 'an unreachable node keeps the definition valid');
select is(tests.problem(public.validate_workflow_definition('{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}, {"id": "orphan", "data": {"type": "delay"}}], "edges": [{"id": "e1", "source": "t", "target": "a"}]}'), 'node_unreachable') ->> 'node_id',
  'orphan', 'and is reported as a node_unreachable warning with node_id');

-- TEST: every problem at once, each with a message
select ok(tests.codes(public.validate_workflow_definition('{
  "nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "t", "data": {"type": "delay"}}, {"id": "s", "data": {"type": "schedule"}},
            {"id": "x", "data": {"type": "teleport"}}, {"data": {"type": "delay"}}],
  "edges": [{"id": "e1", "source": "t", "target": "ghost"}, {"id": "e1", "source": "x", "target": "x"}, {"id": "e3", "source": "x", "target": "s"}]}'))
  @> array['node_id_duplicate', 'trigger_multiple', 'node_type_unknown', 'node_id_missing', 'edge_target_unknown', 'edge_id_duplicate', 'edge_self_loop', 'trigger_has_incoming_edge'],
  'eight different problems are reported together');
select is((select count(*)::int from jsonb_array_elements(public.validate_workflow_definition('{"nodes": [{"id": "a", "data": {"type": "nope"}}, {"id": "a", "data": {"type": "nope2"}}], "edges": []}') -> 'errors') e
           where jsonb_typeof(e -> 'message') <> 'string' or length(e ->> 'message') = 0), 0, 'every problem has a message');
select is(public.validate_workflow_definition('{"nodes": [], "edges": []}') -> 'valid', 'false'::jsonb, 'valid is false when there are errors');

-- TEST: signed-in only; no writes
select tests.authenticate_as_anon();
select throws_ok($$select public.validate_workflow_definition('{}')$$, '42501', null, 'anon → 42501');
select tests.authenticate_as('alice');
select is((select provolatile::text from pg_proc where oid = 'public.validate_workflow_definition'::regproc) in ('i', 's'), true,
  'validate_workflow_definition is immutable or stable (it writes nothing)');

select * from finish();
rollback;
