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
  -- lz4: TOAST compresses and decompresses the definition several times faster than the default pglz
  -- (every save writes a new one; reads decompress it), for about the same size.
  definition jsonb compression lz4 not null default '{"nodes": [], "edges": []}',
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
  problems jsonb,
  problems_node_types uuid,
  problems_graph_hash text,
  draft_hash text,
  -- A JSON object of at most 1 MiB nesting at most 64 levels: the _015_check_definition trigger below,
  -- for every writer, when the definition is written (a CHECK would read it again at every update).
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
comment on column public.workflow_versions.problems is
  'The draft''s validation verdict {"errors": [...], "warnings": [...]} for its current definition, kept up to date on every write; kept as it was at publish on published versions.';
comment on column public.workflow_versions.draft_hash is
  'A draft''s definition_hash-to-be: sha256 hex of definition::text, kept by the database whenever the definition is written (so publishing does not hash it again); null on published versions.';
comment on column public.workflow_versions.problems_node_types is
  'private.node_types_fingerprint() of the node types the verdict in problems was computed with.';
comment on column public.workflow_versions.problems_graph_hash is
  'private.definition_graph_hash() of the definition the verdict in problems was computed for (node ids and step types, edge ids and endpoints); null for an irregular definition.';

-- At most one draft per workflow; numbers unique per workflow (the unique index also serves the
-- keyset-paginated history, scanned backwards).
create unique index idx_workflow_versions_one_draft on public.workflow_versions (workflow_id) where state = 'draft';
alter table public.workflow_versions
  add constraint workflow_version_number_is_unique unique (workflow_id, version_number);
create index idx_workflow_versions_by_project on public.workflow_versions (project_id);

-- The live pointer: a foreign key for existence, a trigger (0130) for "published, same workflow".
alter table public.workflows
  add constraint workflows_current_version_id_fkey
  foreign key (current_version_id) references public.workflow_versions (id);

alter table public.workflow_versions enable row level security;
create policy "Members can view their projects' workflow versions"
  on public.workflow_versions for select to authenticated
  using (project_id in (select private.member_project_ids((select auth.uid()))));

revoke all on public.workflow_versions from anon, authenticated, service_role;
grant select on public.workflow_versions to authenticated, service_role;


-- ── Triggers: rules for every writer, operators with psql and service_role included ─────────────
-- Published versions are immutable.

create or replace function private.tg_workflow_versions__protect_published() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.state = 'published' then
    perform private.raise_error('PT409',
      format('Published version %s of workflow %s is immutable: it cannot be %s',
             old.version_number, old.workflow_id, case tg_op when 'DELETE' then 'deleted' else 'changed' end),
      'Publish a new version instead (publish_draft), or roll back to an older one (rollback_workflow)');
  end if;
  return case tg_op when 'DELETE' then old else new end;
end;
$$;

-- (The WHEN clauses here spare drafts, the rows written most, a function call per write.)
create trigger _010_protect_published before update or delete on public.workflow_versions
  for each row when (old.state = 'published') execute function private.tg_workflow_versions__protect_published();

-- Gapless numbering, owned by the database: a row becoming published must carry exactly the workflow's
-- next number, checked under the workflow's row lock (which serialises publishes of one workflow and
-- leaves the others alone); the counter moves with it, and the database computes the hash.

create or replace function private.tg_workflow_versions__check_next_number() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_next integer;
begin
  if new.state <> 'published' or (tg_op = 'UPDATE' and old.state = 'published') then
    return new;
  end if;
  -- The database computes the hash of every version it publishes; nobody supplies it: draft_hash is
  -- kept by _015_check_definition, which runs first and recomputes it whenever a statement writes it.
  new.definition_hash := coalesce(new.draft_hash, private.definition_hash(new.definition));
  new.draft_hash := null;
  -- Moving the counter takes the workflow's row lock; a number other than the next one undoes it.
  update public.workflows w set last_version_number = w.last_version_number + 1
  where w.id = new.workflow_id
  returning w.last_version_number into v_next;
  if new.version_number is distinct from v_next then
    perform private.raise_error('PT409',
      format('Version number %s is not the next number (%s) of workflow %s', new.version_number, v_next, new.workflow_id),
      'Let publish_draft or rollback_workflow number the version; numbers are gapless per workflow');
  end if;
  return new;
end;
$$;

create trigger _020_check_next_number before insert or update on public.workflow_versions
  for each row when (new.state = 'published') execute function private.tg_workflow_versions__check_next_number();

-- A version's workflow and project never change, and belong together.

create or replace function private.tg_workflow_versions__check_workflow() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and (new.workflow_id <> old.workflow_id or new.project_id <> old.project_id) then
    perform private.raise_error('PT409', 'A version cannot move to another workflow or project',
      'Create the definition in the other workflow instead');
  end if;
  if not exists (select 1 from public.workflows w where w.id = new.workflow_id and w.project_id = new.project_id) then
    perform private.raise_error('22023', 'project_id does not match the workflow''s project',
      'Use the project_id of the workflow');
  end if;
  return new;
end;
$$;

create trigger _030_check_workflow before insert or update of workflow_id, project_id on public.workflow_versions
  for each row execute function private.tg_workflow_versions__check_workflow();

-- Every new or changed definition is checked against the size and depth limits (0030), once: a CHECK
-- constraint would convert the whole definition to text again on every update of the row, publish
-- included. A draft is also validated when its definition is written: the verdict is stored on the row
-- (`problems`, with the node types and the graph facts it was computed for), publish_draft reads it, and
-- the editor shows it without asking again. A verdict, fingerprint or graph hash written by hand is
-- recomputed. Two shortcuts, both exact:
-- - a row that starts as a copy of a published version (create_draft: base_version_id; revert_draft and
--   rollback_workflow: source_version_id) with an equal definition needs neither check again: equal
--   definition, node types and rules give an equal verdict;
-- - a save whose graph facts (private.definition_graph_hash, 0300) and node types equal those the draft's
--   stored verdict was computed for keeps that verdict: validation reads nothing else.

create or replace function private.tg_workflow_versions__check_definition() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_source_hash text;
  v_source_problems jsonb;
  v_source_node_types uuid;
  v_source_graph_hash text;
  v_copy boolean := false;
  v_graph_hash text;
  v_node_types uuid;
begin
  -- A copy of a published version of the same workflow (create_draft, revert_draft, rollback_workflow)
  -- passed these checks when that version was stored: it keeps them, its hash, and its verdict while the
  -- node types are the same.
  -- A copy is byte for byte the same stored value (record_image_eq), not merely an equal jsonb: 1.0 and
  -- 1.00 are equal jsonb values with different texts, so different hashes. (Comparing the images is also
  -- several times faster than comparing the JSON.)
  if tg_op = 'INSERT' or new.source_version_id is distinct from old.source_version_id then
    -- (By primary key alone, the rest checked on the row: see private.version_is_published_in.)
    select v.workflow_id = new.workflow_id and v.state = 'published'
             and pg_catalog.record_image_eq(row(v.definition), row(new.definition)),
           v.definition_hash, v.problems, v.problems_node_types, v.problems_graph_hash
      into v_copy, v_source_hash, v_source_problems, v_source_node_types, v_source_graph_hash
    from public.workflow_versions v
    where v.id = coalesce(new.source_version_id, new.base_version_id);
    v_copy := coalesce(v_copy, false);
  end if;
  if v_copy then
    new.draft_hash := v_source_hash;
  else
    -- One text form serves the size limit and the hash.
    new.draft_hash := private.text_hash(private.checked_definition_text(new.definition));
  end if;
  if new.state <> 'draft' then
    return new;  -- a published version keeps the verdict it had as a draft
  end if;
  v_node_types := private.node_types_fingerprint();
  if v_copy and v_source_problems is not null and v_source_node_types = v_node_types then
    new.problems := v_source_problems;
    new.problems_node_types := v_source_node_types;
    new.problems_graph_hash := v_source_graph_hash;
    return new;
  end if;
  v_graph_hash := private.definition_graph_hash(new.definition);
  if tg_op = 'UPDATE' and v_graph_hash = old.problems_graph_hash and old.problems is not null
     and old.problems_node_types = v_node_types then
    new.problems := old.problems;  -- the stored verdict, never one this statement supplied
    new.problems_node_types := v_node_types;
    new.problems_graph_hash := v_graph_hash;
    return new;
  end if;
  -- One statement, one snapshot: the verdict and the fingerprint see the same node types.
  select private.definition_problems(new.definition), private.node_types_fingerprint()
    into new.problems, new.problems_node_types;
  new.problems_graph_hash := v_graph_hash;
  return new;
end;
$$;
comment on function private.tg_workflow_versions__check_definition() is
  'Applies the object, size and depth rules to a new or changed definition, keeps its hash (draft_hash) and a draft''s stored verdict (problems) current; a copy of a published version of the same workflow keeps all three, and a save with unchanged graph facts keeps the verdict.';

-- It fires only when a statement writes one of these columns (a publish, which writes none, skips it),
-- before the numbering trigger (which reads draft_hash), and ALWAYS: also with session_replication_role
-- = replica, so turning triggers off does not get a definition past the limits.
create trigger _015_check_definition
  before insert or update of definition, problems, problems_node_types, problems_graph_hash, source_version_id, draft_hash
  on public.workflow_versions
  for each row execute function private.tg_workflow_versions__check_definition();
alter table public.workflow_versions enable always trigger _015_check_definition;

-- The hash of a version's definition as the database keeps it: definition_hash once published, draft_hash
-- for a draft (computed again only if a writer with triggers off left it empty).

create or replace function private.version_hash(version public.workflow_versions) returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  return coalesce(version.definition_hash, version.draft_hash, private.definition_hash(version.definition));
end;
$$;
comment on function private.version_hash(public.workflow_versions) is
  'sha256 hex of the version''s definition text: definition_hash, else draft_hash, else computed.';

-- Whether a version is a published version of the workflow, for the triggers that guard the pointers to
-- versions (workflows, deployments, runs). Looked up by primary key alone and the rest checked on the row:
-- with the workflow in the WHERE clause too, a plan cached while the table was small can take the
-- (workflow_id, version_number) index and read every version of the workflow, and a long-lived session
-- (PostgREST's) keeps that plan.

create or replace function private.version_is_published_in(version_id uuid, workflow_id uuid) returns boolean
language plpgsql
stable
set search_path = ''
as $$
begin
  return coalesce((select v.workflow_id = version_is_published_in.workflow_id and v.state = 'published'
                   from public.workflow_versions v where v.id = version_is_published_in.version_id), false);
end;
$$;
comment on function private.version_is_published_in(uuid, uuid) is
  'True when version_id is a published version of workflow_id (a primary-key lookup).';

create trigger _010_refuse_truncate before truncate on public.workflow_versions
  for each statement execute function private.tg__refuse_history_rewrite();
