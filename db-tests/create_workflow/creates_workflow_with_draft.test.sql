-- create_workflow(project_id, name, description?, definition?): editor+; also creates the draft.
begin;
select plan(22);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset

-- TEST: an editor creates a workflow; it has no live version and a zero counter
select tests.authenticate_as('acme_editor');
select w.id as wf, w.project_id as wf_project, w.name as wf_name, w.description as wf_description,
       w.current_version_id is null as no_current, w.last_version_number as wf_last, w.archived_at is null as not_archived,
       w.created_by as wf_created_by
from public.create_workflow(project_id => :'project', name => 'Order intake', description => 'Takes orders') w \gset
select is(:'wf_project'::uuid, :'project'::uuid, 'belongs to the project');
select is(:'wf_name'::text, 'Order intake', 'has the name');
select is(:'wf_description'::text, 'Takes orders', 'has the description');
select ok(:'no_current'::boolean, 'current_version_id is null until the first publish');
select is(:'wf_last'::int, 0, 'last_version_number starts at 0');
select ok(:'not_archived'::boolean, 'not archived');
select is(:'wf_created_by'::uuid, tests.uid('acme_editor'), 'created_by is the caller');

-- TEST: the draft exists at revision 1 with the default empty definition
select results_eq(
  format($$select state::text, version_number, revision, definition, created_by, project_id from public.workflow_versions where workflow_id = %L$$, :'wf'),
  format($$values ('draft', null::int, 1, '{"nodes": [], "edges": []}'::jsonb, %L::uuid, %L::uuid)$$, tests.uid('acme_editor'), :'project'),
  'one draft, revision 1, definition {"nodes":[],"edges":[]}');

-- TEST: a definition given becomes the draft's
select w.id as wf2 from public.create_workflow(project_id => :'project', name => 'With definition',
  definition => tests.valid_definition(3)) w \gset
select is((select definition from public.workflow_versions where workflow_id = :'wf2'), tests.valid_definition(3),
  'the draft holds the definition given');

-- TEST: the audit trail has exactly workflow_created, by the caller
select results_eq(
  format($$select action::text, actor_id from public.workflow_version_events where workflow_id = %L order by id$$, :'wf'),
  format($$values ('workflow_created', %L::uuid)$$, tests.uid('acme_editor')),
  'one workflow_created event with the actor');

-- TEST: publisher and owner may create too
select tests.authenticate_as('acme_publisher');
select lives_ok(format($$select public.create_workflow(project_id => %L, name => 'By publisher')$$, :'project'), 'publisher may');
select tests.authenticate_as('acme_owner');
select lives_ok(format($$select public.create_workflow(project_id => %L, name => 'By owner')$$, :'project'), 'owner may');

-- TEST: bad arguments
select throws_ok(format($$select public.create_workflow(project_id => %L, name => null)$$, :'project'), '22023', null, 'null name → 22023');
select throws_ok(format($$select public.create_workflow(project_id => %L, name => '')$$, :'project'), '22023', null, 'empty name → 22023');
select throws_ok(format($$select public.create_workflow(project_id => %L, name => 'Big', definition => jsonb_build_object('nodes', '[]'::jsonb, 'edges', '[]'::jsonb, 'blob', repeat('x', 1048576)))$$, :'project'),
  'PT413', null, 'definition over 1 MiB → PT413');
select lives_ok(format($$select public.create_workflow(project_id => %L, name => 'Almost big', definition => jsonb_build_object('nodes', '[]'::jsonb, 'edges', '[]'::jsonb, 'blob', repeat('x', 1048000)))$$, :'project'),
  'definition just under 1 MiB is accepted');
select throws_ok(format($$select public.create_workflow(project_id => %L, name => 'x')$$, gen_random_uuid()), 'PT404', null, 'unknown project → PT404');

-- TEST: who may not
select tests.authenticate_as('acme_viewer');
select throws_ok(format($$select public.create_workflow(project_id => %L, name => 'x')$$, :'project'), '42501', null, 'viewer → 42501');
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select public.create_workflow(project_id => %L, name => 'x')$$, :'project'), 'PT404', null, 'member of another project → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select public.create_workflow(project_id => %L, name => 'x')$$, :'project'), '42501', null, 'anon → 42501');

-- TEST: failed calls wrote nothing
select tests.clear_authentication();
select is((select count(*)::int from public.workflows where project_id = :'project'), 5, 'only the five successful calls made workflows');
select is((select count(*)::int from public.workflow_version_events where project_id = :'project' and action = 'workflow_created'), 5,
  'and five workflow_created events');

select * from finish();
rollback;
