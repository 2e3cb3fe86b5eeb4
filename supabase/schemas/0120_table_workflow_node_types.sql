-- Reference data: the step types a workflow definition may use (`data.type`).

create table public.workflow_node_types (
  type text primary key,
  is_trigger boolean not null default false,
  description text,
  constraint type_is_identifier check (type ~ '^[a-z][a-z0-9_]{0,62}$')
);
comment on table public.workflow_node_types is
  'Known step types. Exactly one node of a published definition has a trigger type.';

insert into public.workflow_node_types (type, is_trigger, description) values
  ('webhook',   true,  'Starts the workflow when an HTTP request arrives'),
  ('schedule',  true,  'Starts the workflow on a schedule'),
  ('http_call', false, 'Calls an HTTP endpoint'),
  ('transform', false, 'Reshapes the data passed between steps'),
  ('branch',    false, 'Chooses the next step by a condition'),
  ('delay',     false, 'Waits before the next step'),
  ('loop',      false, 'Repeats the following steps for each item'),
  ('terminate', false, 'Ends the run');

alter table public.workflow_node_types enable row level security;
create policy "Signed-in users can view node types"
  on public.workflow_node_types for select to authenticated
  using (true);

revoke all on public.workflow_node_types from anon, authenticated, service_role;
grant select on public.workflow_node_types to authenticated, service_role;


-- A draft's stored verdict depends on the known node types: when they change, every draft's verdict is
-- cleared, and the draft trigger (0140) recomputes it once.

create or replace function private.tg_workflow_node_types__revalidate_drafts() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  update public.workflow_versions v set problems = null where v.state = 'draft';
  return null;
end;
$$;

create trigger _100_revalidate_drafts after insert or update or delete or truncate on public.workflow_node_types
  for each statement execute function private.tg_workflow_node_types__revalidate_drafts();
