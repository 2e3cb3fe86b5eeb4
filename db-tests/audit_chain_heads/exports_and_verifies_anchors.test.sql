-- audit_chain_heads() exports each audit chain's head (its last event's number and hash), so an
-- operator can keep it elsewhere; verify_audit_anchor(anchor) later reports every anchored head that is
-- no longer there: what the chain checks of check_workflow_integrity cannot see (the last events
-- deleted, or a whole chain rewritten and re-hashed consistently). Operators only (service_role, postgres).
begin;
select plan(20);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.setup_workflow('acme', 'Other', 1) as other \gset

-- TEST: one row per chain: each workflow, and each project's own events
select is((select count(*) from public.audit_chain_heads()),
  (select count(distinct coalesce(workflow_id, project_id)) from public.workflow_version_events), 'one row per chain');
select results_eq(
  format($$select head_id, head_hash, events from public.audit_chain_heads() where workflow_id = %L$$, :'wf'),
  format($$select id, hash, id from public.workflow_version_events where workflow_id = %L order by id desc limit 1$$, :'wf'),
  'a workflow''s head: its last event''s number and hash, and the number of events');
select results_eq(
  format($$select project_id, head_id from public.audit_chain_heads() where workflow_id is null and project_id = %L$$, :'project'),
  format($$select project_id, max(id) from public.workflow_version_events where workflow_id is null and project_id = %L group by project_id$$, :'project'),
  'a project''s own chain has its head too');

-- TEST: the export verifies while nothing changed, and after more events were appended
select jsonb_agg(to_jsonb(h)) as anchor from public.audit_chain_heads() h \gset
select is_empty(format($$select * from public.verify_audit_anchor(%L)$$, :'anchor'), 'the anchor verifies right away');
select tests.authenticate_as('acme_editor');
select public.create_draft(workflow_id => :'wf');
select tests.clear_authentication();
select is_empty(format($$select * from public.verify_audit_anchor(%L)$$, :'anchor'), 'appending keeps the anchor valid');
select is_empty(format($$select * from public.verify_audit_anchor(%L)$$, jsonb_build_object('chains', :'anchor'::jsonb)),
  'the object printed by db:check --anchor ({"chains": [...]}) is accepted too');

-- TEST: the last event deleted (invisible to the chain check) is found by the anchor
savepoint tamper;
set local session_replication_role = replica;
delete from public.workflow_version_events where workflow_id = :'other' and id = (select max(id) from public.workflow_version_events where workflow_id = :'other');
set local session_replication_role = origin;
select is_empty(format($$select * from public.check_workflow_integrity(%L) where check_name like 'audit%%'$$, :'other'),
  'the chain itself still verifies without its last event');
select results_eq(
  format($$select workflow_id, check_name, detail like 'event %% of the workflow''s audit trail (anchored with hash %%) is missing%%' from public.verify_audit_anchor(%L)$$, :'anchor'),
  format($$values (%L::uuid, 'audit_anchor', true)$$, :'other'),
  'the anchor finds the deleted last event');
rollback to savepoint tamper;

-- TEST: a chain rewritten and re-hashed from the start (consistent again) is found by the anchor
savepoint tamper;
set local session_replication_role = replica;
update public.workflow_version_events set details = details || '{"note": "forged"}' where workflow_id = :'other' and id = 1;
do $$
declare
  r record;
  v_prev text;
begin
  for r in select e.id, e.workflow_id from public.workflow_version_events e
           where e.workflow_id = (select id from public.workflows where name = 'Other') order by e.id loop
    update public.workflow_version_events e set previous_hash = v_prev where e.workflow_id = r.workflow_id and e.id = r.id;
    update public.workflow_version_events e set hash = private.event_hash(e) where e.workflow_id = r.workflow_id and e.id = r.id
      returning e.hash into v_prev;
  end loop;
end $$;
set local session_replication_role = origin;
select is_empty(format($$select * from public.check_workflow_integrity(%L)$$, :'other'), 'a consistent rewrite passes the chain check');
select results_eq(
  format($$select workflow_id, check_name, detail ~ 'has hash [0-9a-f]{64}, the anchor recorded [0-9a-f]{64}' from public.verify_audit_anchor(%L)$$, :'anchor'),
  format($$values (%L::uuid, 'audit_anchor', true)$$, :'other'),
  'the anchor finds the rewritten chain');
rollback to savepoint tamper;

-- TEST: a whole chain deleted, including a project's own
savepoint tamper;
set local session_replication_role = replica;
delete from public.workflow_version_events where project_id = :'project' and workflow_id is null;
set local session_replication_role = origin;
select results_eq(
  format($$select project_id, workflow_id, check_name from public.verify_audit_anchor(%L)$$, :'anchor'),
  format($$values (%L::uuid, null::uuid, 'audit_anchor')$$, :'project'),
  'a deleted project chain is found');
rollback to savepoint tamper;

-- TEST: a malformed anchor is a 22023 with a hint, not a crash
select throws_ok($$select * from public.verify_audit_anchor('"nope"')$$, '22023', null, 'a string → 22023');
select throws_ok($$select * from public.verify_audit_anchor('[{"project_id": "x"}]')$$, '22023', null, 'an entry without head_id/head_hash → 22023');
select throws_ok($$select * from public.verify_audit_anchor('[{"project_id": "not-a-uuid", "head_id": 1, "head_hash": "ab"}]')$$, '22023', null, 'a bad uuid → 22023');
select lives_ok($$select tests._assert_hint($q$select * from public.verify_audit_anchor('[{}]')$q$)$$, 'with a message and a hint');

-- TEST: operators only
select is(tests.outcome_as('acme_owner', 'select * from public.audit_chain_heads()'), '42501', 'an owner may not export heads');
select is(tests.outcome_as('anon', 'select * from public.verify_audit_anchor(''[]'')'), '42501', 'anon may not verify');
select is(tests.outcome_as('service_role', 'select * from public.audit_chain_heads()'), 'ok', 'service_role may export');
select is(tests.outcome_as('service_role', 'select * from public.verify_audit_anchor(''[]'')'), 'ok', 'service_role may verify');
select ok(obj_description('public.verify_audit_anchor(jsonb)'::regprocedure, 'pg_proc') is not null
      and obj_description('public.audit_chain_heads()'::regprocedure, 'pg_proc') is not null, 'both are documented');

select * from finish();
rollback;
