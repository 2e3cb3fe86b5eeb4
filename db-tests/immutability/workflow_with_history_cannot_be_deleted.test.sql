-- A workflow that has published versions is archived, never deleted (runs must stay replayable).
begin;
select plan(8);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.setup_workflow('acme', 'Never published') as fresh \gset

-- TEST: the table owner cannot delete a workflow with published versions
select throws_ok(format($$delete from public.workflows where id = %L$$, :'wf'), 'PT409', null, 'postgres: delete a published workflow → PT409');
select isnt(tests.error_hint(format($$delete from public.workflows where id = %L$$, :'wf')), '', 'with a hint (archive it instead)');
select throws_ok(format($$delete from public.projects where id = %L$$, :'project'), 'PT409', null,
  'postgres: deleting its project (cascade) → PT409');
select is((select count(*)::int from public.workflows where id = :'wf'), 1, 'the workflow is still there');
select is(tests.version_numbers(:'wf'), array[1], 'with its version');

-- TEST: API roles have no DELETE privilege at all
select tests.authenticate_as_service_role();
select throws_ok(format($$delete from public.workflows where id = %L$$, :'wf'), '42501', null, 'service_role: delete → 42501');
select tests.authenticate_as('acme_owner');
select throws_ok(format($$delete from public.workflows where id = %L$$, :'wf'), '42501', null, 'owner: delete → 42501');

-- TEST: a workflow never published may still be deleted by an operator
select tests.clear_authentication();
select lives_ok(format($$delete from public.workflows where id = %L$$, :'fresh'), 'postgres may delete a never-published workflow (its draft goes with it)');

select * from finish();
rollback;
