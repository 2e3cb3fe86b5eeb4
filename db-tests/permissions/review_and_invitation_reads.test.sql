-- Direct reads of the review and invitation tables (PostgREST GET /publish_requests, /project_invitations):
-- members read their projects' publish requests; invitations are read by the owners of their project and
-- by the invitee (confirmed e-mail) only.
begin;
select plan(15);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.create_user('alice');
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.setup_workflow('globex', 'Theirs', 1) as gwf \gset
select tests.save_as('acme_editor', :'wf', tests.valid_definition(4));
select tests.save_as('globex_editor', :'gwf', tests.valid_definition(4));
select tests.request_review_as('acme_editor', :'wf');
select tests.request_review_as('globex_editor', :'gwf');
select tests.invite('acme', tests.email('alice'), 'editor');
select tests.invite('acme', 'someone.else@x.example', 'viewer');
select tests.invite('globex', tests.email('alice'), 'viewer');

-- TEST: every acme member sees acme's request only
select results_eq($$select workflow_id from public.publish_requests$$, format($$values (%L::uuid)$$, :'wf'),
  format('%s sees acme''s publish request only', r.who))
from (values ('acme_viewer'), ('acme_editor'), ('acme_publisher'), ('acme_owner')) as r(who)
cross join lateral (select tests.authenticate_as(r.who)) as auth; -- PLAN+3
select tests.authenticate_as('acme_viewer');
select is((select count(*)::int from public.publish_requests where project_id = :'globex'), 0, 'no request of globex');

-- TEST: invitations: the owner sees the project's, other members none
select tests.authenticate_as('acme_owner');
select results_eq($$select email from public.project_invitations order by email$$,
  format($$values (%L), ('someone.else@x.example')$$, tests.email('alice')), 'acme''s owner sees acme''s two invitations');
select tests.authenticate_as('acme_publisher');
select is((select count(*)::int from public.project_invitations), 0, 'a publisher sees no invitation');
select tests.authenticate_as('acme_viewer');
select is((select count(*)::int from public.project_invitations), 0, 'a viewer sees no invitation');

-- TEST: the invitee sees their own, in both projects, and nothing else
select tests.authenticate_as('alice');
select is((select count(*)::int from public.project_invitations where email = tests.email('alice')), 2, 'alice sees her two invitations');
select is((select count(*)::int from public.project_invitations where email <> tests.email('alice')), 0, 'and no one else''s');
select is((select count(*)::int from public.publish_requests), 0, 'an invitee reads no publish request');
select is((select count(*)::int from public.projects), 0, 'nor the project before accepting');

-- TEST: an unconfirmed invitee sees nothing
select tests.unconfirm_email('alice');
select is((select count(*)::int from public.project_invitations), 0, 'unconfirmed: no invitation visible');

-- TEST: anon reads nothing
select tests.authenticate_as_anon();
select is(tests.sqlstate_of($$select 1 from public.publish_requests$$), '42501', 'anon: publish_requests → 42501');
select is(tests.sqlstate_of($$select 1 from public.project_invitations$$), '42501', 'anon: project_invitations → 42501');

select * from finish();
rollback;
