-- check_workflow_integrity is an operator tool: service_role and postgres may run it; clients may not
-- (it reads every tenant's rows as its owner).
begin;
select plan(8);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset

-- TEST: the signature, security definer, pinned search_path, documented
select function_returns('public', 'check_workflow_integrity', array['uuid'], 'setof record',
  'check_workflow_integrity(uuid) returns a set of rows');
select is_definer('public', 'check_workflow_integrity', array['uuid'], 'it is security definer');
select is((select proconfig from pg_proc where oid = 'public.check_workflow_integrity(uuid)'::regprocedure),
  array['search_path=""'], 'search_path is pinned to ''''');
select isnt(obj_description('public.check_workflow_integrity(uuid)'::regprocedure, 'pg_proc'), null, 'it has a comment');

-- TEST: who may execute it
select is(tests.outcome_as('acme_owner', 'select * from public.check_workflow_integrity()'), '42501',
  'a signed-in user (even an owner) may not run it');
select is(tests.outcome_as('anon', 'select * from public.check_workflow_integrity()'), '42501', 'anon may not run it');
select is(tests.outcome_as('service_role', 'select * from public.check_workflow_integrity()'), 'ok', 'service_role may run it');
select is(tests.outcome_as('postgres', 'select * from public.check_workflow_integrity()'), 'ok', 'postgres may run it');

select * from finish();
rollback;
