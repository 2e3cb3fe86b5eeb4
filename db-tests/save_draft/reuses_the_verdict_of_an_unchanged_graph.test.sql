-- Most draft saves change what validation never reads: labels, configs, positions, settings. The verdict
-- reads only the graph facts (each node's id and step type, each edge's id, source and target, in array
-- order) and the node types, so a save whose facts equal those of the verdict already stored keeps that
-- verdict (private.definition_graph_hash, stored as problems_graph_hash) instead of validating again.
-- A definition whose nodes or edges are not all in the regular shape gets no graph hash and is always
-- validated again.
begin;
select plan(32);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset

-- TEST: the graph hash follows exactly the facts validation reads
create temp table base as select tests.valid_definition(4) as d;
grant select on base to authenticated;
select is(private.definition_graph_hash(jsonb_set(d, '{nodes,1,data,label}', '"Renamed"')), private.definition_graph_hash(d),
  'a new label keeps the graph hash') from base;
select is(private.definition_graph_hash(jsonb_set(d, '{nodes,1,data,config}', '{"url": "https://example.org/other"}')),
  private.definition_graph_hash(d), 'a new config keeps it') from base;
select is(private.definition_graph_hash(jsonb_set(d, '{nodes,2,position}', '{"x": 999, "y": -5}')), private.definition_graph_hash(d),
  'a new position keeps it') from base;
select is(private.definition_graph_hash(d || '{"settings": {"timezone": "Europe/Paris"}}'), private.definition_graph_hash(d),
  'new settings keep it') from base;
select is(private.definition_graph_hash(jsonb_set(d, '{edges,0,label}', '"yes"')), private.definition_graph_hash(d),
  'an edge label keeps it') from base;
select isnt(private.definition_graph_hash(jsonb_set(d, '{nodes,1,id}', '"other"')), private.definition_graph_hash(d),
  'a node id changes it') from base;
select isnt(private.definition_graph_hash(jsonb_set(d, '{nodes,1,data,type}', '"delay"')), private.definition_graph_hash(d),
  'a step type changes it') from base;
select isnt(private.definition_graph_hash(jsonb_set(d, '{nodes}', jsonb_build_array(d #> '{nodes,1}', d #> '{nodes,0}') || (d #> '{nodes}') - 0 - 0)),
  private.definition_graph_hash(d), 'the order of the nodes changes it') from base;
select isnt(private.definition_graph_hash(jsonb_set(d, '{edges,0,id}', '"e-other"')), private.definition_graph_hash(d),
  'an edge id changes it') from base;
select isnt(private.definition_graph_hash(jsonb_set(d, '{edges,0,source}', '"n3"')), private.definition_graph_hash(d),
  'an edge source changes it') from base;
select isnt(private.definition_graph_hash(jsonb_set(d, '{edges,0,target}', '"n4"')), private.definition_graph_hash(d),
  'an edge target changes it') from base;
select isnt(private.definition_graph_hash(jsonb_set(d, '{edges}', (d -> 'edges') - 0)), private.definition_graph_hash(d),
  'a removed edge changes it') from base;
select isnt(private.definition_graph_hash(jsonb_set(d, '{nodes}', (d -> 'nodes') || '{"id": "n9", "data": {"type": "delay"}}')),
  private.definition_graph_hash(d), 'an added node changes it') from base;

-- TEST: irregular nodes or edges get no graph hash (their verdict is always computed)
select is(private.definition_graph_hash(x.d), null, x.why)
from (values
  ('{"nodes": [{"id": "a", "data": {"type": "webhook"}}, "b"], "edges": []}'::jsonb, 'a node that is not an object'),
  ('{"nodes": [[{"id": "a", "data": {"type": "webhook"}}]], "edges": []}', 'a node that is an array of a node'),
  ('{"nodes": [{"data": {"type": "webhook"}}], "edges": []}', 'a node without an id'),
  ('{"nodes": [{"id": 7, "data": {"type": "webhook"}}], "edges": []}', 'a node with a numeric id'),
  ('{"nodes": [{"id": "a", "data": [{"type": "webhook"}]}], "edges": []}', 'a node whose data is an array'),
  ('{"nodes": [{"id": "a", "data": {"label": "x"}}], "edges": []}', 'a node without a step type'),
  ('{"nodes": [{"id": "a", "data": {"type": "webhook"}}], "edges": [{"id": "e", "source": "a"}]}', 'an edge without a target'),
  ('{"nodes": [{"id": "a", "data": {"type": "webhook"}}], "edges": [{"source": "a", "target": "a"}]}', 'an edge without an id'),
  ('{"nodes": {"a": {}}, "edges": []}', 'nodes that are not an array')
) as x(d, why);

-- A marker verdict stored on the draft behind the trigger's back shows whether a save reused the stored
-- verdict or validated again.
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');
select public.save_draft(workflow_id => :'wf', expected_revision => 1, definition => (select d from base));
select tests.clear_authentication();
create function pg_temp.mark(stale_node_types boolean default false) returns void language sql as $$
  alter table public.workflow_versions disable trigger _015_check_definition;
  update public.workflow_versions set problems = '{"errors": [], "warnings": [{"code": "marker"}]}',
    problems_node_types = case when stale_node_types then gen_random_uuid() else problems_node_types end
  where workflow_id = (select id from public.workflows where name = 'Order intake') and state = 'draft';
  alter table public.workflow_versions enable always trigger _015_check_definition;
$$;
create function pg_temp.draft_warning() returns text language sql as $$
  select problems -> 'warnings' -> 0 ->> 'code' from public.workflow_versions
  where workflow_id = (select id from public.workflows where name = 'Order intake') and state = 'draft';
$$;
select pg_temp.mark();
select is(pg_temp.draft_warning(), 'marker', 'the marker is in place');

-- TEST: a save that changes only labels, configs and positions keeps the stored verdict
select tests.authenticate_as('acme_editor');
select public.save_draft(workflow_id => :'wf', expected_revision => 2,
  definition => (select jsonb_set(jsonb_set(d, '{nodes,1,data,label}', '"Renamed"'), '{nodes,2,position}', '{"x": 1, "y": 2}') from base));
select is(pg_temp.draft_warning(), 'marker', 'a label and a position changed: the verdict is reused');

-- TEST: a save that changes the graph validates again
select public.save_draft(workflow_id => :'wf', expected_revision => 3,
  definition => (select jsonb_set(d, '{edges,0,target}', '"n4"') from base));
select isnt(pg_temp.draft_warning(), 'marker', 'an edge moved: validated again');
select tests.clear_authentication();

-- TEST: a stored verdict computed with other node types is not reused
select tests.authenticate_as('acme_editor');
select public.save_draft(workflow_id => :'wf', expected_revision => 4, definition => (select d from base));
select tests.clear_authentication();
select pg_temp.mark(stale_node_types => true);
select tests.authenticate_as('acme_editor');
select public.save_draft(workflow_id => :'wf', expected_revision => 5,
  definition => (select jsonb_set(d, '{nodes,1,data,label}', '"Again"') from base));
select isnt(pg_temp.draft_warning(), 'marker', 'a verdict computed with other node types: validated again');
select tests.clear_authentication();

-- TEST: an irregular definition is validated on every save, even when it did not change
select tests.authenticate_as('acme_editor');
select public.save_draft(workflow_id => :'wf', expected_revision => 6,
  definition => '{"nodes": [{"id": "a", "data": {"type": "webhook"}}, "b"], "edges": []}');
select tests.clear_authentication();
select is((select problems_graph_hash from public.workflow_versions where workflow_id = :'wf' and state = 'draft'), null,
  'an irregular draft stores no graph hash');
select pg_temp.mark();
select tests.authenticate_as('acme_editor');
select public.save_draft(workflow_id => :'wf', expected_revision => 7,
  definition => '{"nodes": [{"id": "a", "data": {"type": "webhook"}}, "b"], "edges": []}');
select isnt(pg_temp.draft_warning(), 'marker', 'the same irregular definition: validated again');
select tests.clear_authentication();

-- TEST: a graph hash written by hand is recomputed
update public.workflow_versions set problems_graph_hash = repeat('0', 64) where workflow_id = :'wf' and state = 'draft';
select is((select problems_graph_hash from public.workflow_versions where workflow_id = :'wf' and state = 'draft'),
  private.definition_graph_hash('{"nodes": [{"id": "a", "data": {"type": "webhook"}}, "b"], "edges": []}'),
  'a forged graph hash is replaced');

-- TEST: copies of a published version carry its graph hash
select tests.authenticate_as('acme_editor');
select public.discard_draft(workflow_id => :'wf');
select public.create_draft(workflow_id => :'wf');
select tests.clear_authentication();
select is((select problems_graph_hash from public.workflow_versions where workflow_id = :'wf' and state = 'draft'),
  (select problems_graph_hash from public.workflow_versions where workflow_id = :'wf' and version_number = 1),
  'create_draft copies the graph hash with the verdict');
select isnt((select problems_graph_hash from public.workflow_versions where workflow_id = :'wf' and version_number = 1), null,
  'which the published version has');

-- TEST: whatever was reused, every verdict equals a fresh validation
select is((select count(*) from public.workflow_versions v
           where v.state = 'draft' and v.problems is distinct from private.definition_problems(v.definition)), 0::bigint,
  'every draft''s verdict equals validate_workflow_definition');

select * from finish();
rollback;
