-- set_project_settings(project_id, require_review): the owner turns review before publish on and off.
begin;
select plan(9);

select tests.setup_project('acme') as project \gset

-- TEST: a new project publishes without review
select is((select require_review from public.projects where id = :'project'), false, 'require_review defaults to false');

-- TEST: the owner turns it on and gets the project back
select tests.authenticate_as('acme_owner');
select p.id as got_id, p.require_review as got_flag
from public.set_project_settings(project_id => :'project', require_review => true) p \gset
select is(:'got_id'::uuid, :'project'::uuid, 'returns the project');
select ok(:'got_flag'::boolean, 'with require_review = true');

-- TEST: one settings_changed event by the owner, with the old and new value
select tests.clear_authentication();
select results_eq(
  format($$select action::text, actor_id, details from public.workflow_version_events
           where project_id = %L and action = 'settings_changed'$$, :'project'),
  format($$values ('settings_changed', %L::uuid, '{"require_review": true, "previous_require_review": false}'::jsonb)$$, tests.uid('acme_owner')),
  'settings_changed records the change');

-- TEST: and off again
select tests.authenticate_as('acme_owner');
select is((public.set_project_settings(project_id => :'project', require_review => false)).require_review, false, 'turned off again');

-- TEST: refusals: other roles, other tenants, missing value
select throws_ok(format($$select public.set_project_settings(project_id => %L, require_review => null)$$, :'project'),
  '22023', null, 'null require_review → 22023');
select tests.authenticate_as('acme_publisher');
select throws_ok(format($$select public.set_project_settings(project_id => %L, require_review => true)$$, :'project'),
  '42501', null, 'a publisher → 42501');
select tests.create_user('stranger');
select tests.authenticate_as('stranger');
select throws_ok(format($$select public.set_project_settings(project_id => %L, require_review => true)$$, :'project'),
  'PT404', null, 'a non-member → PT404');
select tests.clear_authentication();
select is((select require_review from public.projects where id = :'project'), false, 'the refused calls changed nothing');

select * from finish();
rollback;
