-- The reachability helper: every node the start node cannot reach by following edges forwards.
begin;
-- graph_walk's cycle_nodes / unreachable output, one at a time
create function pg_temp.unreachable_nodes(n integer, s integer[], t integer[], start integer) returns integer[] language sql as $$ select (private.graph_walk(n, s, t, start)).unreachable $$;
select plan(5);

-- TEST: a single node reaches itself
select is(pg_temp.unreachable_nodes(1, '{}', '{}', 1), '{}'::int[], 'a lone start node is reached');

-- TEST: without edges every other node is unreachable
select is(pg_temp.unreachable_nodes(3, '{}', '{}', 2), '{1,3}'::int[], 'no edges: only the start is reached');

-- TEST: edges are followed forwards only
select is(pg_temp.unreachable_nodes(3, '{1,2}', '{2,3}', 2), '{1}'::int[], 'an upstream node is not reached');

-- TEST: a branch and a separate island
select is(pg_temp.unreachable_nodes(6, '{1,1,2,5}', '{2,3,4,6}', 1), '{5,6}'::int[], 'the island 5 → 6 is unreachable');

-- TEST: a long chain is walked to its end
select is(pg_temp.unreachable_nodes(20000,
  array(select i from generate_series(1, 19999) i), array(select i + 1 from generate_series(1, 19999) i), 1),
  '{}'::int[], 'a 20,000-node chain is reached to its end');

select * from finish();
rollback;
