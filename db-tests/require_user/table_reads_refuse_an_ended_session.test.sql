-- Direct table reads (PostgREST's GET /table) go through the RLS policies, whose membership lookup
-- (private.member_project_ids) checks the caller as every RPC does: with a live session a member reads
-- their projects' rows; once the session is signed out, or the account banned or deleted, every read of
-- a members-only table is 42501 (HTTP 403), not a quietly shorter list. (The policy runs its lookup on the
-- first row it filters, so an empty table answers empty: every table holds a row here.)
begin;
select plan(40); -- 10 tables × (live, signed_out, banned, deleted)

select tests.setup_project('acme') as project \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.authenticate_as('acme_editor');
select public.start_run(workflow_id => :'wf');
select public.create_draft(workflow_id => :'wf');
select tests.clear_authentication();
select tests.request_review_as('acme_editor', :'wf');
select tests.invite('acme', 'someone@test.example.com', 'viewer');

select is(tests.outcome_after('acme_viewer', states.change, format('select count(*) from public.%I', t.name)),
          case states.change when 'live' then 'ok' else '42501' end,
          format('%s × %s', states.change, t.name))
from (values ('projects'), ('project_members'), ('workflows'), ('workflow_versions'), ('workflow_version_events'),
             ('project_environments'), ('workflow_deployments'), ('workflow_runs'), ('publish_requests'),
             ('project_invitations')) as t(name)
cross join (values (1, 'live'), (2, 'signed_out'), (3, 'banned'), (4, 'deleted')) as states(sord, change)
order by t.name, states.sord;

select * from finish();
rollback;
