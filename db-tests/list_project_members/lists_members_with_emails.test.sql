-- list_project_members(project_id): viewer+; members with their e-mail and role, owners first; the
-- e-mails of people outside the caller's projects stay hidden.
begin;
select plan(6);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset

-- TEST: a viewer sees every member with e-mail and role, owners first
select tests.authenticate_as('acme_viewer');
select results_eq(
  format($$select email, role::text from public.list_project_members(project_id => %L)$$, :'project'),
  format($$values (%L, 'owner'), (%L, 'publisher'), (%L, 'editor'), (%L, 'viewer')$$,
         tests.email('acme_owner'), tests.email('acme_publisher'), tests.email('acme_editor'), tests.email('acme_viewer')),
  'four members, owners first, with e-mails');

-- TEST: the rows carry the user ids of project_members
select set_eq(
  format($$select user_id from public.list_project_members(project_id => %L)$$, :'project'),
  format($$select user_id from public.project_members where project_id = %L$$, :'project'),
  'same user ids as project_members');

-- TEST: another tenant's project is not found, and its members' e-mails do not leak
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select * from public.list_project_members(project_id => %L)$$, :'project'), 'PT404', null,
  'member of another project → PT404');
select throws_ok(format($$select * from public.list_project_members(project_id => %L)$$, gen_random_uuid()), 'PT404', null,
  'unknown project → PT404');

-- TEST: not signed in → 42501; a null id → 22023
select tests.authenticate_as_anon();
select throws_ok(format($$select * from public.list_project_members(project_id => %L)$$, :'project'), '42501', null, 'anon → 42501');
select tests.authenticate_as('acme_viewer');
select throws_ok($$select * from public.list_project_members(project_id => null)$$, '22023', null, 'null id → 22023');

select * from finish();
rollback;
