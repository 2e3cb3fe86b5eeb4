-- Drafts and published versions of a workflow, in one table: a draft is a row with state 'draft'
-- and no number; publishing turns it into a numbered, hashed, immutable row.

create type public.version_state as enum ('draft', 'published');
comment on type public.version_state is 'draft: the one editable copy; published: numbered and immutable.';

create table public.workflow_versions (
  id uuid primary key default gen_random_uuid(),
  workflow_id uuid not null references public.workflows (id) on delete cascade,
  -- Denormalised from the workflow so RLS checks one indexed column, never a join.
  project_id uuid not null references public.projects (id) on delete cascade,
  version_number integer,
  state public.version_state not null default 'draft',
  definition jsonb not null default '{"nodes": [], "edges": []}',
  definition_hash text,
  revision integer not null default 1,
  base_version_id uuid references public.workflow_versions (id),
  source_version_id uuid references public.workflow_versions (id),
  note text,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_by uuid,
  published_at timestamptz,
  constraint definition_is_object check (jsonb_typeof(definition) = 'object'),
  constraint definition_is_at_most_1_mib check (octet_length(definition::text) <= 1048576),
  constraint version_number_is_positive check (version_number > 0),
  constraint revision_is_positive check (revision > 0),
  constraint note_is_short check (note is null or length(note) <= 2000),
  constraint definition_hash_is_sha256_hex check (definition_hash ~ '^[0-9a-f]{64}$'),
  -- published ⇔ number, published_at, published_by and hash are all set.
  constraint state_matches_publish_fields check (
    (state = 'published' and version_number is not null and published_at is not null
       and published_by is not null and definition_hash is not null)
    or
    (state = 'draft' and version_number is null and published_at is null
       and published_by is null and definition_hash is null)
  )
);
comment on table public.workflow_versions is
  'Drafts (at most one per workflow) and published versions (numbered 1, 2, 3… per workflow, immutable).';
comment on column public.workflow_versions.definition_hash is
  'sha256 hex of definition::text, set at publish; lets a run prove which definition it ran.';
comment on column public.workflow_versions.revision is 'Draft edit counter for optimistic concurrency (expected_revision).';
comment on column public.workflow_versions.base_version_id is 'The published version a draft started from.';
comment on column public.workflow_versions.source_version_id is 'The version copied by revert_draft or rollback_workflow.';

-- At most one draft per workflow; numbers unique per workflow (the unique index also serves the
-- keyset-paginated history, scanned backwards).
create unique index idx_workflow_versions_one_draft on public.workflow_versions (workflow_id) where state = 'draft';
alter table public.workflow_versions
  add constraint workflow_version_number_is_unique unique (workflow_id, version_number);
create index idx_workflow_versions_by_project on public.workflow_versions (project_id);

-- The live pointer: a foreign key for existence, a trigger (next migration) for "published, same workflow".
alter table public.workflows
  add constraint workflows_current_version_id_fkey
  foreign key (current_version_id) references public.workflow_versions (id);

alter table public.workflow_versions enable row level security;
create policy "Members can view their projects' workflow versions"
  on public.workflow_versions for select to authenticated
  using (project_id in (select private.member_project_ids((select auth.uid()))));

revoke all on public.workflow_versions from anon, authenticated, service_role;
grant select on public.workflow_versions to authenticated, service_role;
