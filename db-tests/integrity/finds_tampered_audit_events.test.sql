-- check_workflow_integrity verifies the audit hash chains and reports events that were deleted,
-- altered or reordered behind the triggers' back (a superuser with session_replication_role = replica,
-- or with the table's triggers disabled): audit_chain_gap (numbers missing), audit_event_hash (content
-- no longer matches the hash) and audit_chain_link (an event does not link to the one before it).
begin;
select plan(19);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.setup_workflow('acme', 'Other', 1) as other \gset
select count(*) as n from public.workflow_version_events where workflow_id = :'wf' \gset

select is_empty('select * from public.check_workflow_integrity()', 'healthy: every chain verifies');
select cmp_ok(:'n'::int, '>=', 4, 'the workflow has a few events to tamper with');

-- TEST: an event deleted from the middle of the chain
savepoint tamper;
set local session_replication_role = replica;
delete from public.workflow_version_events where workflow_id = :'wf' and id = 2;
set local session_replication_role = origin;
select results_eq(
  format($$select workflow_id, check_name, detail from public.check_workflow_integrity(%L) where check_name like 'audit%%'$$, :'wf'),
  format($$values (%L::uuid, 'audit_chain_gap', 'event 2 of the workflow''s audit trail is missing (deleted)')$$, :'wf'),
  'a deleted event is reported as a gap');
select is((select count(*) from public.check_workflow_integrity() where check_name like 'audit%'), 1::bigint,
  'and only that (the other workflow is fine)');
rollback to savepoint tamper;

-- TEST: the first event deleted, and several in a row
savepoint tamper;
set local session_replication_role = replica;
delete from public.workflow_version_events where workflow_id = :'wf' and id = 1;
delete from public.workflow_version_events where workflow_id = :'wf' and id in (3, 4);
set local session_replication_role = origin;
select results_eq(
  format($$select check_name, detail from public.check_workflow_integrity(%L) where check_name like 'audit%%' order by detail$$, :'wf'),
  $$values ('audit_chain_gap', 'event 1 of the workflow''s audit trail is missing (deleted)'),
           ('audit_chain_gap', 'events 3 to 4 of the workflow''s audit trail are missing (deleted)')$$,
  'deleted first and consecutive events are reported');
rollback to savepoint tamper;

-- TEST: an event altered (details, actor, time, action)
savepoint tamper;
set local session_replication_role = replica;
update public.workflow_version_events set details = details || '{"note": "forged"}' where workflow_id = :'wf' and id = 2;
set local session_replication_role = origin;
select results_eq(
  format($$select check_name, detail from public.check_workflow_integrity(%L) where check_name like 'audit%%'$$, :'wf'),
  $$values ('audit_event_hash', 'event 2 (draft_saved) of the workflow''s audit trail was altered: its content no longer matches its hash')$$,
  'altered details are reported');
rollback to savepoint tamper;
savepoint tamper;
set local session_replication_role = replica;
update public.workflow_version_events set actor_id = null, occurred_at = occurred_at - interval '1 day' where workflow_id = :'wf' and id = 3;
set local session_replication_role = origin;
select is((select array_agg(check_name) from public.check_workflow_integrity(:'wf') where check_name like 'audit%'), array['audit_event_hash'],
  'an erased actor and a moved time are reported');
rollback to savepoint tamper;
savepoint tamper;
alter table public.workflow_version_events disable trigger user;
update public.workflow_version_events set action = 'archived' where workflow_id = :'wf' and id = 3;
alter table public.workflow_version_events enable trigger user;
select is((select array_agg(check_name) from public.check_workflow_integrity(:'wf') where check_name like 'audit%'), array['audit_event_hash'],
  'a changed action is reported (triggers disabled instead of replica mode)');
rollback to savepoint tamper;

-- TEST: an altered event re-hashed to hide it breaks the link to the next event
savepoint tamper;
set local session_replication_role = replica;
update public.workflow_version_events set details = details || '{"note": "forged"}' where workflow_id = :'wf' and id = 2;
update public.workflow_version_events e set hash = private.event_hash(e) where workflow_id = :'wf' and id = 2;
set local session_replication_role = origin;
select results_eq(
  format($$select check_name, detail from public.check_workflow_integrity(%L) where check_name like 'audit%%'$$, :'wf'),
  $$values ('audit_chain_link', 'event 3 (published) of the workflow''s audit trail does not follow event 2: the trail was rewritten before it')$$,
  'a re-hashed event is reported at the next link');
rollback to savepoint tamper;

-- TEST: two events swapped (reordered)
savepoint tamper;
set local session_replication_role = replica;
update public.workflow_version_events set id = -2 where workflow_id = :'wf' and id = 2;
update public.workflow_version_events set id = 2 where workflow_id = :'wf' and id = 3;
update public.workflow_version_events set id = 3 where workflow_id = :'wf' and id = -2;
set local session_replication_role = origin;
select ok((select count(*) from public.check_workflow_integrity(:'wf') where check_name in ('audit_event_hash', 'audit_chain_link')) >= 2,
  'swapped events are reported');
select is((select array_agg(distinct check_name order by check_name) from public.check_workflow_integrity(:'wf') where check_name like 'audit%'),
  array['audit_chain_link', 'audit_event_hash'], 'as altered and out of order');
rollback to savepoint tamper;

-- TEST: a forged event inserted with the chain trigger disabled
savepoint tamper;
alter table public.workflow_version_events disable trigger user;
insert into public.workflow_version_events (id, project_id, workflow_id, action, hash)
values (:'n'::bigint + 1, :'project', :'wf', 'archived', repeat('0', 64));
alter table public.workflow_version_events enable trigger user;
select is((select array_agg(check_name order by check_name) from public.check_workflow_integrity(:'wf') where check_name like 'audit%'),
  array['audit_chain_link', 'audit_event_hash'], 'a forged event is reported (bad hash, no link)');
rollback to savepoint tamper;

-- TEST: the project's own chain (workflow_id null) is verified too, and reported with the project
savepoint tamper;
set local session_replication_role = replica;
update public.workflow_version_events set details = '{}' where project_id = :'project' and workflow_id is null and id = 1;
set local session_replication_role = origin;
select results_eq(
  $$select workflow_id, check_name, detail from public.check_workflow_integrity() where check_name like 'audit%'$$,
  format($$values (null::uuid, 'audit_event_hash', 'event 1 (member_added) of project %s''s own audit trail was altered: its content no longer matches its hash')$$, :'project'),
  'a project-level event is verified per project');
select is_empty(format($$select * from public.check_workflow_integrity(%L) where check_name like 'audit%%'$$, :'wf'),
  'a check of one workflow does not look at the project''s chain');
rollback to savepoint tamper;

-- TEST: events of a deleted workflow (a draft-only workflow may be deleted) still verify
savepoint tamper;
select tests.setup_workflow('acme', 'Draft only') as gone \gset
delete from public.workflow_versions where workflow_id = :'gone';
delete from public.workflows where id = :'gone';
select is_empty($$select * from public.check_workflow_integrity() where check_name like 'audit%'$$, 'an orphaned chain is healthy');
set local session_replication_role = replica;
delete from public.workflow_version_events where workflow_id = :'gone' and id = 1;
set local session_replication_role = origin;
select is((select count(*) from public.check_workflow_integrity() where check_name like 'audit%'), 0::bigint,
  'deleting the only event of a chain leaves nothing to compare (the anchor catches it: audit_chain_heads)');
rollback to savepoint tamper;

-- TEST: the other checks are unaffected; the workflow is healthy again after the rollbacks
select is_empty('select * from public.check_workflow_integrity()', 'healthy after all savepoints rolled back');
select is((select count(*) from public.workflow_version_events where workflow_id = :'wf'), :'n'::bigint, 'nothing was lost');
select ok(obj_description('public.check_workflow_integrity(uuid)'::regprocedure, 'pg_proc') ~ 'audit_chain_gap', 'the comment lists the audit checks');

select * from finish();
rollback;
