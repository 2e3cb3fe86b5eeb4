-- Reachability and cycles on graphs as deep as they are long: a 3,000-node chain is valid with no
-- warning; a node cut off from it is warned about; duplicate ids do not multiply the diff.
begin;
select plan(4);

select tests.create_user('walker');
select tests.authenticate_as('walker');

create temporary table chain as
select jsonb_build_object(
  'nodes', jsonb_agg(jsonb_build_object('id', 'n' || i, 'data', jsonb_build_object('type', case when i = 1 then 'webhook' else 'transform' end)) order by i),
  'edges', coalesce(jsonb_agg(jsonb_build_object('id', 'e' || i, 'source', 'n' || (i - 1), 'target', 'n' || i) order by i) filter (where i > 1), '[]')
) as d
from generate_series(1, 3000) as i;

-- TEST: a long chain is valid, every node reached
select is((select public.validate_workflow_definition(d) - 'errors' from chain),
  '{"valid": true, "warnings": []}'::jsonb, 'a 3,000-node chain is valid and fully reachable');

-- TEST: cutting the chain in the middle warns about every node after the cut, and only those
select is(
  (select jsonb_array_length(public.validate_workflow_definition(
     jsonb_set(d, '{edges}', (select jsonb_agg(e) from jsonb_array_elements(d -> 'edges') e where e ->> 'id' <> 'e2001'))) -> 'warnings')
   from chain),
  1000, 'the 1,000 nodes after the cut are unreachable');

-- TEST: closing the chain into a loop reports a cycle on every node but the trigger
select is(
  (select count(*)::int
   from chain, jsonb_array_elements(public.validate_workflow_definition(
     jsonb_set(d, '{edges}', (d -> 'edges') || '[{"id": "back", "source": "n3000", "target": "n2"}]')) -> 'errors') e
   where e ->> 'code' = 'graph_cycle'),
  2999, 'n2 … n3000 are on the cycle');

-- TEST: a definition of 2,000 nodes sharing one id diffs as one node
select tests.clear_authentication();
select is(
  private.diff_definitions(
    jsonb_build_object('nodes', (select jsonb_agg(jsonb_build_object('id', 'a', 'data', jsonb_build_object('n', i))) from generate_series(1, 2000) i), 'edges', '[]'::jsonb),
    jsonb_build_object('nodes', '[{"id": "a", "data": {"n": 0}}]'::jsonb, 'edges', '[]'::jsonb)) -> 'nodes' -> 'changed',
  '[{"id": "a", "after": {"id": "a", "data": {"n": 0}}, "before": {"id": "a", "data": {"n": 1}}}]'::jsonb,
  'first node of each id, matched once');

select * from finish();
rollback;
