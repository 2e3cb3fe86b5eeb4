-- No answer of invite_project_member tells an owner whether an address has an account: inviting an
-- address with an account and one without gives the same row shape, the same event, the same errors,
-- and does the same reads of auth.users (it never looks the address up).
begin;
select plan(8);

select tests.setup_project('acme') as project \gset
select tests.create_user('has_account', 'exists@x.example');

-- The reads of auth.users done in this transaction so far (pg_stat_xact_user_tables counts them).
create temporary table reads as
  select 0 as step, coalesce(seq_scan, 0) + coalesce(idx_scan, 0) as scans,
         coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) as tuples
  from pg_stat_xact_user_tables where relid = 'auth.users'::regclass;
grant all on reads to authenticated;

select tests.invite('acme', 'exists@x.example', 'editor') as inv_account \gset
insert into reads select 1, coalesce(seq_scan, 0) + coalesce(idx_scan, 0), coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)
  from pg_stat_xact_user_tables where relid = 'auth.users'::regclass;
select tests.invite('acme', 'nobody@x.example', 'editor') as inv_nobody \gset
insert into reads select 2, coalesce(seq_scan, 0) + coalesce(idx_scan, 0), coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)
  from pg_stat_xact_user_tables where relid = 'auth.users'::regclass;

-- TEST: the same reads of auth.users for both addresses
select is(
  (select array[r1.scans - r0.scans, r1.tuples - r0.tuples] from reads r0, reads r1 where r0.step = 0 and r1.step = 1),
  (select array[r2.scans - r1.scans, r2.tuples - r1.tuples] from reads r1, reads r2 where r1.step = 1 and r2.step = 2),
  'inviting an address with an account reads auth.users exactly as much as one without');

-- TEST: the same row: same columns set and unset, same role, same validity
select is(
  (select jsonb_object_agg(k, v is null or v = 'null'::jsonb order by k) from public.project_invitations i, jsonb_each(to_jsonb(i)) as e(k, v) where i.id = :'inv_account'),
  (select jsonb_object_agg(k, v is null or v = 'null'::jsonb order by k) from public.project_invitations i, jsonb_each(to_jsonb(i)) as e(k, v) where i.id = :'inv_nobody'),
  'the two invitations have the same fields set');
select is(
  (select to_jsonb(i) - '{id,email}'::text[] from public.project_invitations i where i.id = :'inv_account'),
  (select to_jsonb(i) - '{id,email}'::text[] from public.project_invitations i where i.id = :'inv_nobody'),
  'and the same values, but for id and e-mail');

-- TEST: the same events (but for the chain's hashes, which cover the differing ids)
select is(
  (select to_jsonb(e) - '{id,details,occurred_at,hash,previous_hash}'::text[] || jsonb_build_object('details', e.details - '{invitation_id,email}'::text[])
   from public.workflow_version_events e where e.details ->> 'invitation_id' = :'inv_account'),
  (select to_jsonb(e) - '{id,details,occurred_at,hash,previous_hash}'::text[] || jsonb_build_object('details', e.details - '{invitation_id,email}'::text[])
   from public.workflow_version_events e where e.details ->> 'invitation_id' = :'inv_nobody'),
  'member_invited events are alike, but for the invitation id and e-mail');

-- TEST: the same errors when inviting again
select tests.authenticate_as('acme_owner');
select is(
  array[tests.sqlstate_of(format($$select public.invite_project_member(project_id => %L, email => 'exists@x.example', role => 'viewer')$$, :'project')),
        replace(tests.error_message(format($$select public.invite_project_member(project_id => %L, email => 'exists@x.example', role => 'viewer')$$, :'project')), 'exists@x.example', '<email>'),
        tests.error_hint(format($$select public.invite_project_member(project_id => %L, email => 'exists@x.example', role => 'viewer')$$, :'project'))],
  array[tests.sqlstate_of(format($$select public.invite_project_member(project_id => %L, email => 'nobody@x.example', role => 'viewer')$$, :'project')),
        replace(tests.error_message(format($$select public.invite_project_member(project_id => %L, email => 'nobody@x.example', role => 'viewer')$$, :'project')), 'nobody@x.example', '<email>'),
        tests.error_hint(format($$select public.invite_project_member(project_id => %L, email => 'nobody@x.example', role => 'viewer')$$, :'project'))],
  'inviting again: same code, message and hint');
select is(tests.sqlstate_of(format($$select public.invite_project_member(project_id => %L, email => 'exists@x.example', role => null)$$, :'project')),
          tests.sqlstate_of(format($$select public.invite_project_member(project_id => %L, email => 'nobody@x.example', role => null)$$, :'project')),
  'a bad role: same code');

-- TEST: the account's owner is not added, and the owner's member list does not mention the address
select tests.clear_authentication();
select is((select count(*)::int from public.project_members where user_id = tests.uid('has_account')), 0, 'the person with an account was not added');
select tests.authenticate_as('acme_owner');
select is((select count(*)::int from public.list_project_members(project_id => :'project') m where m.email = 'exists@x.example'), 0,
  'list_project_members does not show the invited account');

select * from finish();
rollback;
