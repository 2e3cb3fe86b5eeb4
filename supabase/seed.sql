-- Demo data for local development and demos only (npm run db:reset / npm start).
-- Logins, all with the password `demo-password`: owner@, publisher@, editor@, viewer@example.com
-- (members of "Acme automations" with those roles) and outsider@example.com (owner of "Globex").
-- Workflows are made through the RPCs, acting as the demo users, so the seed obeys every rule
-- (numbering, hashes, audit trail) exactly like real use; members are inserted directly, as operators
-- do (a trigger audits every membership change). Acme has a staging environment: "Order intake"
-- runs v2 in production and v3 in staging. Runs are started and finished through the RPCs as the run
-- orchestrator (the service_role key), then their times are spread over the last days, so the editor shows
-- "2 days ago" rather than a burst of runs at seed time.

insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  confirmation_token, recovery_token, email_change_token_new, email_change,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at
)
select '00000000-0000-0000-0000-000000000000', u.id, 'authenticated', 'authenticated', u.email,
       extensions.crypt('demo-password', extensions.gen_salt('bf', 10)), now(),
       '', '', '', '',
       '{"provider": "email", "providers": ["email"]}', jsonb_build_object('email_verified', true, 'name', u.name),
       now(), now()
from (values
  ('00000000-0000-4000-8000-000000000001'::uuid, 'owner@example.com', 'Olivia Owner'),
  ('00000000-0000-4000-8000-000000000002'::uuid, 'publisher@example.com', 'Paul Publisher'),
  ('00000000-0000-4000-8000-000000000003'::uuid, 'editor@example.com', 'Edith Editor'),
  ('00000000-0000-4000-8000-000000000004'::uuid, 'viewer@example.com', 'Victor Viewer'),
  ('00000000-0000-4000-8000-000000000005'::uuid, 'outsider@example.com', 'Oscar Outsider')
) as u(id, email, name);

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true),
       'email', now(), now(), now()
from auth.users u
where u.email like '%@example.com';

do $$
declare
  v_owner uuid := '00000000-0000-4000-8000-000000000001';
  v_publisher uuid := '00000000-0000-4000-8000-000000000002';
  v_editor uuid := '00000000-0000-4000-8000-000000000003';
  v_outsider uuid := '00000000-0000-4000-8000-000000000005';
  v_acme uuid;
  v_globex uuid;
  v_workflow uuid;
  v_draft public.workflow_versions;
  v_v1 jsonb := '{
    "nodes": [
      {"id": "trigger", "position": {"x": 0, "y": 80}, "data": {"type": "webhook", "label": "Order received", "config": {"path": "/orders"}}},
      {"id": "notify", "position": {"x": 280, "y": 80}, "data": {"type": "http_call", "label": "Notify warehouse", "config": {"url": "https://example.org/warehouse", "method": "POST"}}}
    ],
    "edges": [{"id": "e-trigger-notify", "source": "trigger", "target": "notify"}],
    "settings": {}
  }';
  v_v2 jsonb;
  v_v3 jsonb;
  v_draft_def jsonb;
  v_order_intake uuid;
  v_run record;
  v_run_id uuid;
  v_runs uuid[] := '{}';
begin
  -- Acting as a user: the claims PostgREST would set for that user's access token.
  perform set_config('request.jwt.claims', jsonb_build_object('sub', v_owner, 'role', 'authenticated')::text, true);
  v_acme := (public.create_project('Acme automations')).id;
  -- Members are added the way an operator adds them: a plain insert as nobody in particular (no
  -- claims); the membership trigger records each member_added with no actor. People outside the seed
  -- join through invitations (invite_project_member, accept_invitation).
  perform set_config('request.jwt.claims', '', true);
  insert into public.project_members (project_id, user_id, role)
  select v_acme, u.id, r.role::public.project_role
  from (values ('publisher@example.com', 'publisher'), ('editor@example.com', 'editor'), ('viewer@example.com', 'viewer')) as r(email, role)
  join auth.users u on u.email = r.email;
  perform set_config('request.jwt.claims', jsonb_build_object('sub', v_owner, 'role', 'authenticated')::text, true);
  perform public.create_environment(v_acme, 'staging', 'publisher');

  -- "Order intake": three published versions (v1 and v2 to production, v3 to staging only) and a draft.
  perform set_config('request.jwt.claims', jsonb_build_object('sub', v_editor, 'role', 'authenticated')::text, true);
  v_workflow := (public.create_workflow(v_acme, 'Order intake', 'Takes orders from the shop webhook to the warehouse', v_v1)).id;
  v_order_intake := v_workflow;
  perform set_config('request.jwt.claims', jsonb_build_object('sub', v_publisher, 'role', 'authenticated')::text, true);
  perform public.publish_draft(v_workflow, 1, 'First version: notify the warehouse');

  v_v2 := jsonb_set(v_v1, '{nodes}', (v_v1 -> 'nodes') || '[{"id": "enrich", "position": {"x": 560, "y": 80}, "data": {"type": "transform", "label": "Add customer data", "config": {"expression": "{...order, customer}"}}}]');
  v_v2 := jsonb_set(v_v2, '{edges}', (v_v2 -> 'edges') || '[{"id": "e-notify-enrich", "source": "notify", "target": "enrich"}]');
  perform set_config('request.jwt.claims', jsonb_build_object('sub', v_editor, 'role', 'authenticated')::text, true);
  v_draft := public.create_draft(v_workflow);
  v_draft := public.save_draft(v_workflow, v_v2, v_draft.revision);
  perform set_config('request.jwt.claims', jsonb_build_object('sub', v_publisher, 'role', 'authenticated')::text, true);
  perform public.publish_draft(v_workflow, v_draft.revision, 'Enrich orders with customer data');

  v_v3 := jsonb_set(v_v2, '{nodes,1,data,config,url}', '"https://example.org/warehouse/v2"');
  v_v3 := jsonb_set(v_v3, '{nodes}', (v_v3 -> 'nodes') || '[{"id": "big-order", "position": {"x": 840, "y": 80}, "data": {"type": "branch", "label": "Large order?", "config": {"condition": "order.total > 1000"}}}]');
  v_v3 := jsonb_set(v_v3, '{edges}', (v_v3 -> 'edges') || '[{"id": "e-enrich-big-order", "source": "enrich", "target": "big-order"}]');
  perform set_config('request.jwt.claims', jsonb_build_object('sub', v_editor, 'role', 'authenticated')::text, true);
  v_draft := public.create_draft(v_workflow);
  v_draft := public.save_draft(v_workflow, v_v3, v_draft.revision);
  perform set_config('request.jwt.claims', jsonb_build_object('sub', v_publisher, 'role', 'authenticated')::text, true);
  perform public.publish_draft(v_workflow, v_draft.revision, 'Warehouse API v2; flag large orders', 'staging');

  v_draft_def := jsonb_set(v_v3, '{nodes}', (v_v3 -> 'nodes') || '[{"id": "wait", "position": {"x": 1120, "y": 80}, "data": {"type": "delay", "label": "Wait for stock", "config": {"minutes": 15}}}]');
  v_draft_def := jsonb_set(v_draft_def, '{edges}', (v_draft_def -> 'edges') || '[{"id": "e-big-order-wait", "source": "big-order", "target": "wait"}]');
  perform set_config('request.jwt.claims', jsonb_build_object('sub', v_editor, 'role', 'authenticated')::text, true);
  v_draft := public.create_draft(v_workflow);
  perform public.save_draft(v_workflow, v_draft_def, v_draft.revision);

  -- "Nightly sync": one published version, no draft.
  v_workflow := (public.create_workflow(v_acme, 'Nightly sync', 'Copies the day''s orders to the ledger', '{
    "nodes": [
      {"id": "nightly", "position": {"x": 0, "y": 80}, "data": {"type": "schedule", "label": "Every night at 02:00", "config": {"cron": "0 2 * * *"}}},
      {"id": "export", "position": {"x": 280, "y": 80}, "data": {"type": "http_call", "label": "Export orders", "config": {"url": "https://example.org/ledger"}}},
      {"id": "done", "position": {"x": 560, "y": 80}, "data": {"type": "terminate", "label": "Done", "config": {}}}
    ],
    "edges": [
      {"id": "e-nightly-export", "source": "nightly", "target": "export"},
      {"id": "e-export-done", "source": "export", "target": "done"}
    ],
    "settings": {"timezone": "UTC"}
  }')).id;
  perform set_config('request.jwt.claims', jsonb_build_object('sub', v_publisher, 'role', 'authenticated')::text, true);
  perform public.publish_draft(v_workflow, 1, 'Nightly ledger export');

  -- Runs, as the run orchestrator (the service_role key: no user). Each row: workflow, environment, how
  -- long ago it started, how long it took, its final status (null: still running), and the position in
  -- this list of the run it replays.
  perform set_config('request.jwt.claims', '{"role": "service_role"}', true);
  for v_run in
    select * from (values
      (1, v_order_intake, 'production', interval '3 days 2 hours', interval '4 seconds', 'succeeded', null::int),
      (2, v_order_intake, 'staging', interval '2 days 6 hours', interval '6 seconds', 'succeeded', null),
      (3, v_order_intake, 'production', interval '2 days 5 hours', interval '12 seconds', 'failed', null),
      (4, v_order_intake, 'production', interval '2 days 4 hours', interval '5 seconds', 'succeeded', 3),
      (5, v_order_intake, 'staging', interval '1 day 6 hours', interval '9 seconds', 'failed', null),
      (6, v_order_intake, 'production', interval '1 day 3 hours', interval '4 seconds', 'succeeded', null),
      (7, v_order_intake, 'staging', interval '5 hours', interval '7 seconds', 'succeeded', null),
      (8, v_order_intake, 'production', interval '3 hours', interval '3 seconds', 'succeeded', null),
      (9, v_order_intake, 'staging', interval '40 minutes', interval '2 seconds', 'cancelled', null),
      (10, v_order_intake, 'production', interval '2 minutes', null, null, null),
      (11, v_workflow, 'production', now() - (date_trunc('day', now()) - interval '3 days' + interval '2 hours'), interval '31 seconds', 'succeeded', null),
      (12, v_workflow, 'production', now() - (date_trunc('day', now()) - interval '2 days' + interval '2 hours'), interval '29 seconds', 'succeeded', null),
      (13, v_workflow, 'production', now() - (date_trunc('day', now()) - interval '1 days' + interval '2 hours'), interval '33 seconds', 'succeeded', null)
    ) as r(n, workflow_id, environment, ago, took, status, replays)
    order by n
  loop
    if v_run.replays is null then
      v_run_id := (public.start_run(v_run.workflow_id, v_run.environment)).run_id;
    else
      v_run_id := (public.replay_run(v_runs[v_run.replays])).run_id;
    end if;
    v_runs := v_runs || v_run_id;
    if v_run.status is not null then
      perform public.finish_run(v_run_id, v_run.status::public.run_status);
    end if;
    -- Spread over the last days: a run's times may be corrected; its version and status may not.
    update public.workflow_runs r
    set started_at = now() - v_run.ago,
        finished_at = case when v_run.took is null then null else now() - v_run.ago + v_run.took end
    where r.id = v_run_id;
  end loop;

  -- Globex: another tenant, invisible to Acme's members.
  perform set_config('request.jwt.claims', jsonb_build_object('sub', v_outsider, 'role', 'authenticated')::text, true);
  v_globex := (public.create_project('Globex')).id;
  v_workflow := (public.create_workflow(v_globex, 'Globex onboarding', 'Welcomes new Globex customers', '{
    "nodes": [
      {"id": "signup", "position": {"x": 0, "y": 80}, "data": {"type": "webhook", "label": "Customer signed up", "config": {}}},
      {"id": "welcome", "position": {"x": 280, "y": 80}, "data": {"type": "http_call", "label": "Send welcome mail", "config": {"url": "https://example.org/mail"}}}
    ],
    "edges": [{"id": "e-signup-welcome", "source": "signup", "target": "welcome"}],
    "settings": {}
  }')).id;
  perform public.publish_draft(v_workflow, 1, 'Welcome mail');

  perform set_config('request.jwt.claims', '', true);
end
$$;
