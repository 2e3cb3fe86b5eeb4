-- check_workflow_integrity finds a published version without its audit event (`published`, or
-- `rolled_back` for a rollback copy), and an event that records another version number. (The audit
-- chain checks report the same tampering as a gap or an altered event: finds_tampered_audit_events.)
begin;
select plan(5);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 2) as v2 \gset
select tests.authenticate_as('acme_publisher');
select id as v3 from public.rollback_workflow(workflow_id => :'wf', version_id => :'v1') \gset
select tests.clear_authentication();

select is_empty('select * from public.check_workflow_integrity()', 'healthy: publishes and the rollback have their events');

-- TEST: the `published` event deleted (append-only trigger off)
savepoint corrupt;
alter table public.workflow_version_events disable trigger user;
delete from public.workflow_version_events where version_id = :'v2' and action = 'published';
alter table public.workflow_version_events enable trigger user;
select results_eq(
  format($$select version_id, check_name, detail from public.check_workflow_integrity(%L) where check_name not like 'audit%%'$$, :'wf'),
  format($$values (%L::uuid, 'publish_event', 'published version 2 has no published or rolled_back event')$$, :'v2'),
  'a published version without its event is found');
rollback to savepoint corrupt;

-- TEST: the `rolled_back` event deleted
savepoint corrupt;
set local session_replication_role = replica;
delete from public.workflow_version_events where version_id = :'v3' and action = 'rolled_back';
set local session_replication_role = origin;
select results_eq(
  format($$select version_id, check_name from public.check_workflow_integrity(%L) where check_name not like 'audit%%'$$, :'wf'),
  format($$values (%L::uuid, 'publish_event')$$, :'v3'),
  'a rollback copy without its event is found');
rollback to savepoint corrupt;

-- TEST: the event records another number
savepoint corrupt;
set local session_replication_role = replica;
update public.workflow_version_events set details = details || '{"version_number": 7}'
where version_id = :'v1' and action = 'published';
set local session_replication_role = origin;
select results_eq(
  format($$select version_id, check_name, detail like '%% records version number 7, the version has 1' from public.check_workflow_integrity(%L) where check_name not like 'audit%%'$$, :'wf'),
  format($$values (%L::uuid, 'publish_event', true)$$, :'v1'),
  'an event recording another number is found');
rollback to savepoint corrupt;

select is_empty('select * from public.check_workflow_integrity()', 'healthy after rolling back');

select * from finish();
rollback;
