-- A definition with more than 10,000 problems gets its first 10,000 (in the usual order) and one
-- too_many_problems error, so that a hostile 1 MiB definition (340,000 broken nodes) is answered in
-- bounded work and size instead of a statement timeout and 40 MB of problems. Up to 10,000 problems
-- are all listed, as before.
begin;
select plan(9);

-- n nodes that are not objects: n node_invalid errors (and trigger_missing after them)
create function pg_temp.broken(n int) returns jsonb language sql as $$
  select jsonb_build_object('nodes', coalesce((select jsonb_agg(0) from generate_series(1, n)), '[]'), 'edges', '[]'::jsonb)
$$;

-- TEST: 9,999 broken nodes + trigger_missing = 10,000 problems, all listed
select private.definition_problems(pg_temp.broken(9999)) as p \gset
select is(jsonb_array_length(:'p'::jsonb -> 'errors'), 10000, '10,000 problems: all listed');
select is(:'p'::jsonb -> 'errors' -> 9999 ->> 'code', 'trigger_missing', 'the last is trigger_missing');

-- TEST: 10,000 broken nodes + trigger_missing = 10,001 problems: the first 10,000 and a summary
select private.definition_problems(pg_temp.broken(10000)) as p \gset
select is(jsonb_array_length(:'p'::jsonb -> 'errors'), 10001, '10,001 problems: 10,000 listed plus a summary');
select is(:'p'::jsonb -> 'errors' -> 9999 ->> 'message', 'Node #10000 must be a JSON object', 'the first 10,000 in order');
select is(:'p'::jsonb -> 'errors' -> 10000 ->> 'code', 'too_many_problems', 'then too_many_problems');

-- TEST: a hostile 1 MiB definition: 340,000 broken nodes
select private.definition_problems(pg_temp.broken(340000)) as hostile \gset
select is(jsonb_array_length(:'hostile'::jsonb -> 'errors'), 10001, '340,000 problems: 10,000 listed plus a summary');
select is((:'hostile'::jsonb -> 'errors' -> 10000 ->> 'message'), 'More than 10,000 problems: the first 10,000 are listed. Fix them and validate again',
  'the summary says what to do');

-- TEST: every kind is capped the same way (cycles: a ring of 12,000 nodes)
select is(jsonb_array_length(private.definition_problems(jsonb_build_object(
  'nodes', (select jsonb_agg(jsonb_build_object('id', 'n' || i, 'data', jsonb_build_object('type', case when i = 0 then 'webhook' else 'delay' end)))
            from generate_series(0, 12000) i),
  'edges', (select jsonb_agg(jsonb_build_object('id', 'e' || i, 'source', 'n' || i, 'target', 'n' || (i % 12000 + 1)))
            from generate_series(1, 12000) i))) -> 'errors'), 10001, 'a 12,000-node cycle: 10,000 graph_cycle errors and a summary');

-- TEST: the same as the full rules (the fast path answers none of these)
select is(private.definition_problems(pg_temp.broken(10500)), private.definition_problems(pg_temp.broken(10500)), 'fast and full agree');

select * from finish();
rollback;
