-- The cycle helper: only the nodes that lie on a cycle, not those upstream or downstream of one.
begin;
-- graph_walk's cycle_nodes / unreachable output, one at a time
create function pg_temp.cycle_nodes(n integer, s integer[], t integer[]) returns integer[] language sql as $$ select (private.graph_walk(n, s, t, null)).cycle_nodes $$;
select plan(6);

-- TEST: no edges, no cycle
select is(pg_temp.cycle_nodes(3, '{}', '{}'), '{}'::int[], 'a graph without edges has no cycle');

-- TEST: a chain 1 → 2 → 3 has no cycle
select is(pg_temp.cycle_nodes(3, '{1,2}', '{2,3}'), '{}'::int[], 'a chain has no cycle');

-- TEST: a diamond 1 → 2, 1 → 3, 2 → 4, 3 → 4 has no cycle
select is(pg_temp.cycle_nodes(4, '{1,1,2,3}', '{2,3,4,4}'), '{}'::int[], 'a diamond has no cycle');

-- TEST: 1 → 2 → 3 → 2 → 4: nodes 2 and 3 are on the cycle; 1 (upstream) and 4 (downstream) are not
select is(pg_temp.cycle_nodes(4, '{1,2,3,3}', '{2,3,2,4}'), '{2,3}'::int[], 'only the nodes on the loop');

-- TEST: two separate cycles are both found
select is(pg_temp.cycle_nodes(5, '{1,2,3,4,5}', '{2,1,4,5,3}'), '{1,2,3,4,5}'::int[], 'two disjoint cycles');

-- TEST: linear on a long ring (20,000 nodes, every node on the one cycle)
select is(cardinality(pg_temp.cycle_nodes(20000,
  array(select i from generate_series(1, 20000) i),
  array(select case when i = 20000 then 1 else i + 1 end from generate_series(1, 20000) i))), 20000,
  'a 20,000-node ring is one cycle through every node');

select * from finish();
rollback;
