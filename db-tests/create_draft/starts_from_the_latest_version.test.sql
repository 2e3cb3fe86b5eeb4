-- create_draft without from_version_id starts from the latest published version (the highest number),
-- wherever it is deployed: a version published only to staging is never lost by the next draft.
begin;
select plan(4);

select tests.setup_project('acme') as project \gset
select tests.add_environment('acme', 'staging');
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');
select public.save_draft(workflow_id => :'wf', definition => tests.valid_definition(8), expected_revision => 1);
select tests.authenticate_as('acme_publisher');
select v.id as v2 from public.publish_draft(workflow_id => :'wf', environment => 'staging') v \gset

-- TEST: production runs v1, staging v2; the new draft starts from v2
select tests.authenticate_as('acme_editor');
select d.definition as def, d.base_version_id as base from public.create_draft(workflow_id => :'wf') d \gset
select is(tests.current_version_number(:'wf'), 1, 'production runs v1');
select is(:'def'::jsonb, tests.valid_definition(8), 'the draft holds v2''s definition');
select is(:'base'::uuid, :'v2'::uuid, 'base_version_id is v2, the latest');

-- TEST: after a rollback the latest is the rollback's copy
select public.discard_draft(workflow_id => :'wf');
select tests.authenticate_as('acme_publisher');
select public.deploy_version(workflow_id => :'wf', version_id => :'v2', environment => 'production');
select public.rollback_workflow(workflow_id => :'wf', version_id => tests.version_id(:'wf', 1));
select tests.authenticate_as('acme_editor');
select is((public.create_draft(workflow_id => :'wf')).base_version_id, tests.version_id(:'wf', 3), 'after a rollback: v3, the copy');

select * from finish();
rollback;
