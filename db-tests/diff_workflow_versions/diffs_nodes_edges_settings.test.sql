-- diff_workflow_versions(from_version_id, to_version_id): viewer+; {"nodes": {"added", "removed",
-- "changed": [{"id", "before", "after"}]}, "edges": {"added", "removed"}, "settings_changed"}; both
-- versions of one workflow; a draft may be either side.
begin;
select plan(17);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.setup_workflow('acme', 'Other', 1) as other_wf \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 2) as v2 \gset

-- v1 = valid_definition(2) (n1 → n2), v2 = valid_definition(3) (n1 → n2 → n3).
-- The draft: v2 with n2's label changed, n3 removed (and e2), a new node n9 with edge e9, settings changed.
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');
select d.id as draft from public.save_draft(workflow_id => :'wf', definition => '{
  "nodes": [{"id": "n1", "position": {"x": 0, "y": 0}, "data": {"type": "webhook", "label": "Step 1", "config": {}}},
            {"id": "n2", "position": {"x": 240, "y": 0}, "data": {"type": "http_call", "label": "Renamed", "config": {"url": "https://example.org/2"}}},
            {"id": "n9", "position": {"x": 480, "y": 0}, "data": {"type": "terminate", "label": "End", "config": {}}}],
  "edges": [{"id": "e1", "source": "n1", "target": "n2"}, {"id": "e9", "source": "n2", "target": "n9"}],
  "settings": {"retries": 3}}', expected_revision => 1) d \gset

-- TEST: the shape
select tests.authenticate_as('acme_viewer');
select is(
  (select array_agg(k order by k) from jsonb_object_keys(public.diff_workflow_versions(from_version_id => :'v1', to_version_id => :'v2')) k),
  array['edges', 'nodes', 'settings_changed'], 'top-level keys: nodes, edges, settings_changed');
select is(
  (select array_agg(k order by k) from jsonb_object_keys(public.diff_workflow_versions(from_version_id => :'v1', to_version_id => :'v2') -> 'nodes') k),
  array['added', 'changed', 'removed'], 'nodes has added, removed, changed');
select is(
  (select array_agg(k order by k) from jsonb_object_keys(public.diff_workflow_versions(from_version_id => :'v1', to_version_id => :'v2') -> 'edges') k),
  array['added', 'removed'], 'edges has added, removed');

-- TEST: v1 → v2 adds n3 and e2, nothing else
select is(public.diff_workflow_versions(from_version_id => :'v1', to_version_id => :'v2'),
  jsonb_build_object(
    'nodes', jsonb_build_object('added', jsonb_build_array(tests.valid_definition(3) -> 'nodes' -> 2), 'removed', '[]'::jsonb, 'changed', '[]'::jsonb),
    'edges', jsonb_build_object('added', jsonb_build_array(tests.valid_definition(3) -> 'edges' -> 1), 'removed', '[]'::jsonb),
    'settings_changed', false),
  'v1 → v2: node n3 and edge e2 added (whole objects)');

-- TEST: v2 → v1 is the mirror image
select is(public.diff_workflow_versions(from_version_id => :'v2', to_version_id => :'v1'),
  jsonb_build_object(
    'nodes', jsonb_build_object('added', '[]'::jsonb, 'removed', jsonb_build_array(tests.valid_definition(3) -> 'nodes' -> 2), 'changed', '[]'::jsonb),
    'edges', jsonb_build_object('added', '[]'::jsonb, 'removed', jsonb_build_array(tests.valid_definition(3) -> 'edges' -> 1)),
    'settings_changed', false),
  'v2 → v1: node n3 and edge e2 removed');

-- TEST: a version against itself is empty
select is(public.diff_workflow_versions(from_version_id => :'v2', to_version_id => :'v2'),
  '{"nodes": {"added": [], "removed": [], "changed": []}, "edges": {"added": [], "removed": []}, "settings_changed": false}'::jsonb,
  'v2 → v2: no differences');

-- TEST: v2 → draft: added, removed, changed and settings
select public.diff_workflow_versions(from_version_id => :'v2', to_version_id => :'draft') as d \gset
select is((select array_agg(n ->> 'id') from jsonb_array_elements(:'d'::jsonb -> 'nodes' -> 'added') n), array['n9'], 'draft adds n9');
select is((select array_agg(n ->> 'id') from jsonb_array_elements(:'d'::jsonb -> 'nodes' -> 'removed') n), array['n3'], 'draft removes n3');
select is(:'d'::jsonb -> 'nodes' -> 'changed',
  jsonb_build_array(jsonb_build_object('id', 'n2', 'before', tests.valid_definition(3) -> 'nodes' -> 1,
    'after', jsonb_set(tests.valid_definition(3) -> 'nodes' -> 1, '{data,label}', '"Renamed"'))),
  'draft changes n2: id, before, after');
select is((select array_agg(e ->> 'id') from jsonb_array_elements(:'d'::jsonb -> 'edges' -> 'added') e), array['e9'], 'draft adds edge e9');
select is((select array_agg(e ->> 'id') from jsonb_array_elements(:'d'::jsonb -> 'edges' -> 'removed') e), array['e2'], 'draft removes edge e2');
select is((:'d'::jsonb ->> 'settings_changed')::boolean, true, 'settings changed');

-- TEST: the draft may be the from side as well
select is((select array_agg(n ->> 'id') from jsonb_array_elements(public.diff_workflow_versions(from_version_id => :'draft', to_version_id => :'v2') -> 'nodes' -> 'added') n),
  array['n3'], 'draft → v2 adds n3 back');

-- TEST: versions of different workflows → 22023; unknown/invisible → PT404
select throws_ok(format($$select public.diff_workflow_versions(from_version_id => %L, to_version_id => %L)$$, :'v1', tests.version_id(:'other_wf', 1)),
  '22023', null, 'versions of different workflows → 22023');
select throws_ok(format($$select public.diff_workflow_versions(from_version_id => %L, to_version_id => %L)$$, :'v1', gen_random_uuid()),
  'PT404', null, 'unknown version → PT404');
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select public.diff_workflow_versions(from_version_id => %L, to_version_id => %L)$$, :'v1', :'v2'),
  'PT404', null, 'member of another project → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select public.diff_workflow_versions(from_version_id => %L, to_version_id => %L)$$, :'v1', :'v2'),
  '42501', null, 'anon → 42501');

select * from finish();
rollback;
