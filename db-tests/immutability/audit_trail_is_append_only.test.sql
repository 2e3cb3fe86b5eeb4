-- workflow_version_events is append-only for everyone: no UPDATE, DELETE or TRUNCATE, even by the
-- table owner; service_role and clients have no write grant at all.
begin;
select plan(17);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select max(id) as event_id, count(*) as events from public.workflow_version_events \gset

-- TEST: the table owner is refused with PT409
select throws_ok(format($$update public.workflow_version_events set details = '{"forged": true}' where id = %s$$, :'event_id'), 'PT409', null, 'postgres: update → PT409');
select throws_ok(format($$update public.workflow_version_events set actor_id = null where id = %s$$, :'event_id'), 'PT409', null, 'postgres: erase the actor → PT409');
select throws_ok(format($$delete from public.workflow_version_events where id = %s$$, :'event_id'), 'PT409', null, 'postgres: delete → PT409');
select throws_ok($$delete from public.workflow_version_events$$, 'PT409', null, 'postgres: delete all → PT409');
select throws_ok($$truncate public.workflow_version_events$$, 'PT409', null, 'postgres: truncate → PT409');
select ok(tests.error_message($$delete from public.workflow_version_events$$) ~ 'workflow_version_events', 'the message names the table');
select isnt(tests.error_hint($$truncate public.workflow_version_events$$), '', 'with a hint');

-- TEST: appending stays possible for the owner (it is how the RPCs write)
select lives_ok(format($$insert into public.workflow_version_events (project_id, workflow_id, action, details) values (%L, %L, 'archived', '{"by": "test"}')$$, :'project', :'wf'),
  'postgres may append');

-- TEST: service_role and members have no write privilege
select tests.authenticate_as_service_role();
select throws_ok(format($$update public.workflow_version_events set details = '{}' where id = %s$$, :'event_id'), '42501', null, 'service_role: update → 42501');
select throws_ok(format($$delete from public.workflow_version_events where id = %s$$, :'event_id'), '42501', null, 'service_role: delete → 42501');
select throws_ok($$truncate public.workflow_version_events$$, '42501', null, 'service_role: truncate → 42501');
select throws_ok(format($$insert into public.workflow_version_events (project_id, action) values (%L, 'published')$$, :'project'), '42501', null, 'service_role: insert → 42501');
select tests.authenticate_as('acme_owner');
select throws_ok(format($$update public.workflow_version_events set details = '{}' where id = %s$$, :'event_id'), '42501', null, 'owner: update → 42501');
select throws_ok(format($$delete from public.workflow_version_events where id = %s$$, :'event_id'), '42501', null, 'owner: delete → 42501');
select throws_ok($$truncate public.workflow_version_events$$, '42501', null, 'owner: truncate → 42501');
select throws_ok(format($$insert into public.workflow_version_events (project_id, action) values (%L, 'published')$$, :'project'), '42501', null, 'owner: forging an event → 42501');

-- TEST: nothing was lost
select tests.clear_authentication();
select is((select count(*) from public.workflow_version_events), :'events'::bigint + 1, 'all events are still there (plus the appended one)');

select * from finish();
rollback;
