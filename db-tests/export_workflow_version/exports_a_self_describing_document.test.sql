-- export_workflow_version, and the round trip export → import → publish keeping the definition_hash.
begin;
select plan(9);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 2) as v2 \gset
select tests.authenticate_as('acme_viewer');
select public.export_workflow_version(version_id => :'v1') as doc \gset

-- TEST: the document names the workflow, the number, the note, the author, the date and the hash
select is(:'doc'::jsonb ->> 'format', 'workflow-version/1', 'format');
select is(:'doc'::jsonb -> 'workflow' ->> 'name', 'Order intake', 'workflow name');
select is((:'doc'::jsonb -> 'version' -> 'number')::int, 1, 'version number');
select is(:'doc'::jsonb -> 'version' ->> 'note', 'v1', 'note');
select is(:'doc'::jsonb -> 'version' ->> 'author', tests.email('acme_publisher'), 'author is the publisher''s e-mail');
select is(:'doc'::jsonb -> 'version' ->> 'definition_hash', (select definition_hash from workflow_versions where id = :'v1'), 'hash as stored');

-- TEST: strangers see nothing
select is(tests.outcome_as('globex_owner', format($$select public.export_workflow_version(version_id => %L)$$, :'v1')), 'PT404', 'not visible');

-- TEST: round trip: export v1, import it into the draft, publish: the new version has v1's hash
select tests.authenticate_as('acme_publisher');
select public.import_workflow_definition(workflow_id => :'wf', document => :'doc'::jsonb);
select is((select definition_hash from public.publish_draft(workflow_id => :'wf', note => 'restored from file')),
  (select definition_hash from workflow_versions where id = :'v1'), 'export → import → publish keeps the definition_hash');
select is((select version_number from workflow_versions where workflow_id = :'wf' and state = 'published' order by version_number desc limit 1), 3, 'as version 3');

select * from finish();
rollback;
