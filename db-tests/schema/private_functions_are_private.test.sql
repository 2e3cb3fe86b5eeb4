-- Nothing in the private schema is callable by the API roles, except the two lookups that RLS policies
-- run as the caller (membership, and the caller's own confirmed e-mail for invitations); no sequence is
-- theirs either.
begin;
select plan(5);

-- TEST: no private function but member_project_ids and caller_confirmed_email is executable by anon or authenticated
select is(
  (select array_agg(p.oid::regprocedure::text order by 1) from pg_proc p
   where p.pronamespace = 'private'::regnamespace
     and p.proname not in ('member_project_ids', 'caller_confirmed_email')
     and (has_function_privilege('anon', p.oid, 'EXECUTE') or has_function_privilege('authenticated', p.oid, 'EXECUTE'))),
  null, 'private functions are not executable by anon or authenticated');

-- TEST: RLS policies can still run the membership lookup
select ok(has_function_privilege('authenticated', 'private.member_project_ids(uuid, public.project_role)', 'EXECUTE'),
  'authenticated may run member_project_ids');
select ok(has_function_privilege('authenticated', 'private.caller_confirmed_email()', 'EXECUTE')
          and not has_function_privilege('anon', 'private.caller_confirmed_email()', 'EXECUTE'),
  'authenticated (not anon) may run caller_confirmed_email');

-- TEST: the e-mail lookup takes no argument: it answers only about the caller
select is((select pronargs::int from pg_proc where oid = 'private.caller_confirmed_email()'::regprocedure), 0,
  'caller_confirmed_email has no parameter to ask about someone else');

-- TEST: no sequence is usable by the API roles (the audit trail is numbered per chain, without one)
select is(
  (select array_agg(c.oid::regclass::text order by 1) from pg_class c
   where c.relkind = 'S' and c.relnamespace in ('public'::regnamespace, 'private'::regnamespace)
     and (has_sequence_privilege('anon', c.oid, 'USAGE') or has_sequence_privilege('authenticated', c.oid, 'USAGE'))),
  null, 'no USAGE on any sequence for anon or authenticated');

select * from finish();
rollback;
