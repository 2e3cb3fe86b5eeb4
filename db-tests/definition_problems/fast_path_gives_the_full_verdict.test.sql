-- definition_problems answers a clean definition (no shape problem, no cycle: the common case) from
-- one pass over its nodes, one over its edges and one walk of the graph, and everything else through
-- the full rules (definition_problems_full). Both must give the same verdict, byte for byte: checked
-- on hand-picked definitions for every rule and on 400 random ones (fixed seed), with collation-
-- sensitive ids, duplicate edges, unreachable nodes and cycles.
begin;
select plan(12);

create temp table corpus (label text, def jsonb);

-- Hand-picked: valid graphs, and one failing definition per rule.
insert into corpus values
  ('empty object', '{}'), ('not an object', '[]'), ('empty graph', '{"nodes": [], "edges": []}'),
  ('lone trigger', '{"nodes": [{"id": "t", "data": {"type": "schedule"}}], "edges": []}'),
  ('nodes object', '{"nodes": {}, "edges": []}'), ('edges missing', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}]}'),
  ('number node', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, 42], "edges": []}'),
  ('array node', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, ["id"]], "edges": []}'),
  ('node without id', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"data": {"type": "delay"}}], "edges": []}'),
  ('empty id', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "", "data": {"type": "delay"}}], "edges": []}'),
  ('numeric id', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": 7, "data": {"type": "delay"}}], "edges": []}'),
  ('duplicate id', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}, {"id": "a", "data": {"type": "delay"}}], "edges": [{"id": "e", "source": "t", "target": "a"}]}'),
  ('unknown type', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "nope"}}], "edges": [{"id": "e", "source": "t", "target": "a"}]}'),
  ('numeric type', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": 5}}], "edges": [{"id": "e", "source": "t", "target": "a"}]}'),
  ('no data', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a"}], "edges": [{"id": "e", "source": "t", "target": "a"}]}'),
  ('string edge', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}], "edges": ["e"]}'),
  ('edge without id', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}], "edges": [{"source": "t", "target": "a"}]}'),
  ('duplicate edge id', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}, {"id": "b", "data": {"type": "delay"}}], "edges": [{"id": "e", "source": "t", "target": "a"}, {"id": "e", "source": "a", "target": "b"}]}'),
  ('edge without target', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}], "edges": [{"id": "e", "source": "t"}]}'),
  ('numeric source', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}], "edges": [{"id": "e", "source": 1, "target": "a"}]}'),
  ('unknown source', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}], "edges": [{"id": "e", "source": "x", "target": "a"}]}'),
  ('unknown target', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}], "edges": [{"id": "e", "source": "t", "target": "x"}]}'),
  ('self loop', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}], "edges": [{"id": "e", "source": "t", "target": "a"}, {"id": "f", "source": "a", "target": "a"}]}'),
  ('no trigger', '{"nodes": [{"id": "a", "data": {"type": "delay"}}], "edges": []}'),
  ('two triggers', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "s", "data": {"type": "schedule"}}], "edges": []}'),
  ('edge into the trigger', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}], "edges": [{"id": "e", "source": "t", "target": "a"}, {"id": "f", "source": "a", "target": "t"}]}'),
  ('cycle', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}, {"id": "b", "data": {"type": "delay"}}], "edges": [{"id": "e", "source": "t", "target": "a"}, {"id": "f", "source": "a", "target": "b"}, {"id": "g", "source": "b", "target": "a"}]}'),
  ('unreachable cycle', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}, {"id": "b", "data": {"type": "delay"}}], "edges": [{"id": "f", "source": "a", "target": "b"}, {"id": "g", "source": "b", "target": "a"}]}'),
  ('unreachable nodes, odd ids', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "b", "data": {"type": "delay"}}, {"id": "B", "data": {"type": "delay"}}, {"id": "é", "data": {"type": "delay"}}, {"id": "10", "data": {"type": "delay"}}, {"id": "9", "data": {"type": "delay"}}, {"id": "a b", "data": {"type": "delay"}}], "edges": [{"id": "e", "source": "t", "target": "9"}]}'),
  ('duplicate edges', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}], "edges": [{"id": "e", "source": "t", "target": "a"}, {"id": "f", "source": "t", "target": "a"}]}'),
  ('diamond', '{"nodes": [{"id": "t", "data": {"type": "webhook"}}, {"id": "a", "data": {"type": "delay"}}, {"id": "b", "data": {"type": "branch"}}, {"id": "c", "data": {"type": "terminate"}}], "edges": [{"id": "1", "source": "t", "target": "a"}, {"id": "2", "source": "t", "target": "b"}, {"id": "3", "source": "a", "target": "c"}, {"id": "4", "source": "b", "target": "c"}]}'),
  ('extra keys', '{"nodes": [{"id": "t", "data": {"type": "webhook", "config": {"x": [1, 2]}}, "position": {"x": 0}}], "edges": [], "settings": {"a": 1}, "other": null}');
insert into corpus select 'valid chain ' || n, tests.valid_definition(n) from generate_series(1, 40) as n;

-- Random: 400 graphs of 1..30 nodes and 0..40 edges, mostly forward edges (a DAG), in half of them some
-- edges pointing anywhere (cycles, self-loops, into the trigger), and now and then a malformed part.
select setseed(0.4242);
insert into corpus
select 'random ' || g, jsonb_build_object(
  'nodes', (select coalesce(jsonb_agg(case when random() < 0.003 then to_jsonb(i) else jsonb_build_object(
              'id', case when random() < 0.005 then 'n' || (i - 1) when random() < 0.003 then '' else 'n' || i end,
              'data', jsonb_build_object('type', case when i = 1 and random() < 0.98 then 'webhook'
                                                      when random() < 0.005 then 'schedule'
                                                      when random() < 0.005 then 'nope'
                                                      else (array['http_call', 'transform', 'branch', 'delay', 'loop', 'terminate'])[1 + floor(random() * 6)::int] end))
            end order by i), '[]')
            from generate_series(1, r.nodes) as i),
  'edges', (select coalesce(jsonb_agg(jsonb_build_object(
              'id', case when random() < 0.005 then 'e1' else 'e' || k end,
              'source', 'n' || s.source,
              'target', 'n' || case when random() < r.back then 1 + floor(random() * r.nodes)::int
                                    else least(r.nodes, s.source + 1 + floor(random() * 3)::int) + case when random() < 0.005 then 1 else 0 end end)
            order by k), '[]')
            from generate_series(1, case when r.nodes > 1 then r.edges else 0 end) as k,
                 lateral (select 1 + floor(random() * (r.nodes - 1))::int as source where k > 0) s))
from generate_series(1, 400) as g,
     lateral (select 1 + floor(random() * 30)::int as nodes, floor(random() * 40)::int as edges,
                     case when random() < 0.5 then 0.0 else 0.08 end as back
             where g > 0) r;  -- (correlated, so drawn again for every graph)

-- Each verdict and graph computed once.
create temp table results as
select c.label, c.def, private.definition_problems(c.def) as fast_verdict, private.definition_problems_full(c.def) as full_verdict,
       g.node_ids as g_nodes, g.edge_sources as g_sources, g.edge_targets as g_targets, g.trigger_index as g_trigger,
       s.errors as s_errors, s.node_ids as s_nodes, s.edge_sources as s_sources, s.edge_targets as s_targets, s.trigger_ids as s_triggers
from corpus c, lateral private.clean_definition_graph(c.def) g, lateral private.definition_shape_problems(c.def) s;

-- TEST: the same verdict, every time
select is_empty($$select label from results where fast_verdict is distinct from full_verdict$$,
  'definition_problems = definition_problems_full on every definition of the corpus');
select cmp_ok((select count(*) from results where label like 'random%' and jsonb_array_length(full_verdict -> 'errors') = 0), '>=', 100::bigint,
  'at least 100 random definitions are valid (the fast path answers them)');
select cmp_ok((select count(*) from results where label like 'random%' and full_verdict -> 'errors' @> '[{"code": "graph_cycle"}]'), '>=', 20::bigint,
  'at least 20 random definitions have cycles');
select cmp_ok((select count(*) from results where label like 'random%' and jsonb_array_length(full_verdict -> 'warnings') > 0
                 and jsonb_array_length(full_verdict -> 'errors') = 0), '>=', 20::bigint,
  'at least 20 random valid definitions have unreachable nodes');

-- TEST: the fast path takes exactly the clean definitions
select is_empty($$select label from results
  where (g_nodes is not null) is distinct from (s_errors = '[]' and jsonb_typeof(def) = 'object')$$,
  'clean_definition_graph answers exactly when the shape rules find nothing');
select is_empty($$select label from results
  where g_nodes is not null
    and (cardinality(g_nodes), cardinality(g_sources), g_nodes[g_trigger], array(select x from unnest(g_nodes) x order by x))
        is distinct from (cardinality(s_nodes), cardinality(s_sources), s_triggers[1], s_nodes)$$,
  'and the same graph as the full rules (the same ids, edges and trigger; numbered in array order)');

-- TEST: the one-pass graph walk: unreachable nodes of a DAG, null for a cycle
select is(private.graph_dag_unreachable_nodes(4, '{1,1,3}', '{2,3,4}', 1), '{}'::int[], 'all reachable');
select is(private.graph_dag_unreachable_nodes(5, '{1,3,4}', '{2,4,5}', 1), '{3,4,5}'::int[], 'a part the start cannot reach');
select is(private.graph_dag_unreachable_nodes(3, '{1,2,3}', '{2,3,2}', 1), null, 'a cycle → null');
select is(private.graph_dag_unreachable_nodes(1, '{}', '{}', 1), '{}'::int[], 'a single node');
select is_empty($$select label from results
  where jsonb_typeof(def) = 'object' and cardinality(s_triggers) = 1
    and private.graph_dag_unreachable_nodes(cardinality(s_nodes), s_sources, s_targets, array_position(s_nodes, s_triggers[1]))
        is distinct from case when cardinality(private.graph_cycle_nodes(cardinality(s_nodes), s_sources, s_targets)) = 0
                              then private.graph_unreachable_nodes(cardinality(s_nodes), s_sources, s_targets, array_position(s_nodes, s_triggers[1])) end$$,
  'on the corpus: the breadth-first walk''s answer for every DAG, null for every cyclic graph');

-- TEST: a long chain goes through the fast path too
select is(jsonb_array_length(private.definition_problems(tests.valid_definition(3000)) -> 'errors'), 0, 'a 3,000-node chain is valid');

select * from finish();
rollback;
