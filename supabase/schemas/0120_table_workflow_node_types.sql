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


-- What a validation verdict depends on besides the definition: the node types and which of them are
-- triggers, and the rules themselves (the version tag below; change it whenever the validation rules
-- change: db-tests/definition_problems/rules_tag_follows_the_validator.test.sql pins the validator's
-- source to the tag and fails until it is bumped). A verdict is stored with the fingerprint it was
-- computed with (workflow_versions.problems_node_types), and a stored verdict is reused (by a copy of a
-- published version, or by a save that leaves the graph facts as they were) only while the fingerprint is
-- unchanged. Computed from the rows, in the reader's snapshot, so it cannot be stale or
-- forgotten (a counter bumped by a trigger could be skipped by a writer with triggers off).

create or replace function private.node_types_fingerprint() returns uuid
language plpgsql
stable
set search_path = ''
as $$
begin
  return (select md5('validation rules v1;' || coalesce(string_agg(t.type || case when t.is_trigger then ':trigger' else '' end, ','
                                                                   order by t.type collate "C"), ''))::uuid
          from public.workflow_node_types t);
end;
$$;
comment on function private.node_types_fingerprint() is
  'md5 (as uuid) of the validation rules'' version and the node types with their trigger flag: equal fingerprints give equal verdicts.';

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
