-- Nothing in the private schema is callable by the API roles, except the membership lookup that RLS
-- policies run as the caller; the audit sequence is not theirs either.
begin;
select plan(3);

-- TEST: no private function but member_project_ids is executable by anon or authenticated
select is(
  (select array_agg(p.oid::regprocedure::text order by 1) from pg_proc p
   where p.pronamespace = 'private'::regnamespace
     and p.proname <> 'member_project_ids'
     and (has_function_privilege('anon', p.oid, 'EXECUTE') or has_function_privilege('authenticated', p.oid, 'EXECUTE'))),
  null, 'private functions are not executable by anon or authenticated');

-- TEST: RLS policies can still run the membership lookup
select ok(has_function_privilege('authenticated', 'private.member_project_ids(uuid, public.project_role)', 'EXECUTE'),
  'authenticated may run member_project_ids');

-- TEST: the audit sequence is not usable by the API roles
select ok(not has_sequence_privilege('authenticated', 'public.workflow_version_events_id_seq', 'USAGE')
          and not has_sequence_privilege('anon', 'public.workflow_version_events_id_seq', 'USAGE'),
  'no USAGE on the audit sequence for anon or authenticated');

select * from finish();
rollback;
