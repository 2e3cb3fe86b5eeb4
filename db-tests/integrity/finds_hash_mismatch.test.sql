-- check_workflow_integrity finds a published version whose definition_hash does not match its
-- definition: the hash overwritten, or the definition changed under it (immutability triggers off).
begin;
select plan(4);

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 2) as wf \gset
select tests.version_id(:'wf', 1) as v1, tests.version_id(:'wf', 2) as v2 \gset

select is_empty('select * from public.check_workflow_integrity()', 'healthy before any corruption');

-- TEST: the hash overwritten
savepoint corrupt;
set local session_replication_role = replica;
update public.workflow_versions set definition_hash = repeat('0', 64) where id = :'v1';
set local session_replication_role = origin;
select results_eq(
  format($$select version_id, check_name, detail from public.check_workflow_integrity(%L)$$, :'wf'),
  format($$values (%L::uuid, 'definition_hash', %L)$$, :'v1',
    format('version 1: definition_hash %s does not match its definition (sha256 %s)', repeat('0', 64),
      encode(sha256(convert_to(tests.valid_definition(2)::text, 'UTF8')), 'hex'))),
  'an overwritten hash is found');
rollback to savepoint corrupt;

-- TEST: the definition changed under its hash
savepoint corrupt;
alter table public.workflow_versions disable trigger user;
update public.workflow_versions set definition = definition || '{"tampered": true}' where id = :'v2';
alter table public.workflow_versions enable trigger user;
select results_eq(
  format($$select version_id, check_name from public.check_workflow_integrity(%L)$$, :'wf'),
  format($$values (%L::uuid, 'definition_hash')$$, :'v2'),
  'a definition changed after publishing is found');
rollback to savepoint corrupt;

select is_empty('select * from public.check_workflow_integrity()', 'healthy after rolling back');

select * from finish();
rollback;
