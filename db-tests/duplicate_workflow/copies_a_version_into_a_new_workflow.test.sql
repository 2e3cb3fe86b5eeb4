-- duplicate_workflow: a new workflow from any readable version, into a project where the caller edits.
begin;
select plan(9);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.version_id(:'wf', 1) as v1 \gset

-- TEST: a copy of v1 in the same project, named "<name> (copy)", with v1's definition as its draft
select tests.authenticate_as('acme_editor');
select id as copy from public.duplicate_workflow(version_id => :'v1', project_id => :'project') \gset
select is((select name from workflows where id = :'copy'), 'Order intake (copy)', 'default name');
select is((select definition from workflow_versions where workflow_id = :'copy' and state = 'draft'),
  (select definition from workflow_versions where id = :'v1'), 'draft = v1''s definition');
select is((select last_version_number from workflows where id = :'copy'), 0, 'its own history starts empty');

-- TEST: the event names the source
select is((select details -> 'duplicated_from' ->> 'version_id' from workflow_version_events where workflow_id = :'copy' and action = 'workflow_created'),
  :'v1'::text, 'workflow_created names the source version');

-- TEST: a chosen name
select is((select name from public.duplicate_workflow(version_id => :'v1', project_id => :'project', name => ' Orders EU ')), 'Orders EU', 'chosen name, trimmed');

-- TEST: into another project only where the caller is an editor
select is(tests.outcome_as('acme_viewer', format($$select public.duplicate_workflow(version_id => %L, project_id => %L)$$, :'v1', :'project')), '42501', 'a viewer cannot create workflows');
select is(tests.outcome_as('acme_editor', format($$select public.duplicate_workflow(version_id => %L, project_id => %L)$$, :'v1', :'globex')), 'PT404', 'not a member of the target');
select is(tests.outcome_as('globex_owner', format($$select public.duplicate_workflow(version_id => %L, project_id => %L)$$, :'v1', :'globex')), 'PT404', 'cannot read the source');

-- TEST: a long name still fits with " (copy)"
select tests.authenticate_as('acme_editor');
select is((select length(name) from public.duplicate_workflow(version_id => :'v1', project_id => :'project',
  name => null) ), 19, 'Order intake (copy) is 19 characters');

select * from finish();
rollback;
