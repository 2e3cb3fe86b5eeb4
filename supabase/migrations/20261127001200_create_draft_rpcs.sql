-- The draft: create_draft, save_draft, revert_draft, discard_draft. One draft per workflow, shared by
-- its editors; every write names the revision it builds on (optimistic concurrency).

create or replace function public.create_draft(workflow_id uuid, from_version_id uuid default null)
returns public.workflow_versions
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.authorize_workflow(create_draft.workflow_id, 'editor', 'create drafts', true);
  v_draft public.workflow_versions := private.lock_draft(create_draft.workflow_id);
  v_base public.workflow_versions;
begin
  perform private.refuse_if_archived(v_workflow);
  if v_draft.id is not null then
    if create_draft.from_version_id is null then
      return v_draft;  -- idempotent: the existing draft, unchanged, and no event
    end if;
    perform private.raise_error('PT409', 'This workflow already has a draft',
      'Use revert_draft to load that version into the draft, or discard the draft first');
  end if;
  if create_draft.from_version_id is not null then
    v_base := private.published_version(v_workflow.id, create_draft.from_version_id);
  elsif v_workflow.current_version_id is not null then
    select * into v_base from public.workflow_versions v where v.id = v_workflow.current_version_id;
  end if;
  insert into public.workflow_versions (workflow_id, project_id, state, definition, revision, base_version_id, created_by)
  values (v_workflow.id, v_workflow.project_id, 'draft',
          coalesce(v_base.definition, '{"nodes": [], "edges": []}'), 1, v_base.id, auth.uid())
  returning * into v_draft;
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_draft.id, 'draft_created',
    jsonb_strip_nulls(jsonb_build_object('base_version_id', v_base.id, 'base_version_number', v_base.version_number)));
  return v_draft;
end;
$$;
comment on function public.create_draft(uuid, uuid) is
  'PRD POST /workflows/{id}/versions. Without a draft: creates one from from_version_id (a published version of this workflow), else from the live version, else empty. With a draft: returns it unchanged when from_version_id is absent, PT409 otherwise. Editors and up.';

create or replace function public.save_draft(workflow_id uuid, definition jsonb, expected_revision integer)
returns public.workflow_versions
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.authorize_workflow(save_draft.workflow_id, 'editor', 'edit the draft', true);
  v_draft public.workflow_versions;
begin
  perform private.refuse_if_archived(v_workflow);
  if save_draft.expected_revision is null then
    perform private.raise_error('22023', 'expected_revision is required',
      'Send the revision of the draft you edited, as returned when you loaded or last saved it');
  end if;
  perform private.require_definition(save_draft.definition);
  v_draft := private.lock_draft(v_workflow.id);
  if v_draft.id is null then
    perform private.raise_error('PT409', 'This workflow has no draft to save into',
      'Someone published or discarded it; create a draft (create_draft) and apply your change again');
  end if;
  perform private.check_expected_revision(v_draft, save_draft.expected_revision);
  update public.workflow_versions v
  set definition = save_draft.definition, revision = v.revision + 1, updated_at = now()
  where v.id = v_draft.id
  returning * into v_draft;
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_draft.id, 'draft_saved',
    jsonb_build_object('revision', v_draft.revision));
  return v_draft;
end;
$$;
comment on function public.save_draft(uuid, jsonb, integer) is
  'Replaces the draft''s definition and increments its revision. A stale expected_revision is refused (PT409) and nothing is written. Editors and up. Errors: PT409 stale/no draft/archived, PT413 over 1 MiB, 22023 bad argument.';

create or replace function public.revert_draft(workflow_id uuid, version_id uuid, expected_revision integer default null)
returns public.workflow_versions
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.authorize_workflow(revert_draft.workflow_id, 'editor', 'revert the draft', true);
  v_source public.workflow_versions;
  v_draft public.workflow_versions;
begin
  perform private.refuse_if_archived(v_workflow);
  v_source := private.published_version(v_workflow.id, revert_draft.version_id);
  v_draft := private.lock_draft(v_workflow.id);
  if v_draft.id is null then
    insert into public.workflow_versions
      (workflow_id, project_id, state, definition, revision, base_version_id, source_version_id, created_by)
    values (v_workflow.id, v_workflow.project_id, 'draft', v_source.definition, 1,
            v_workflow.current_version_id, v_source.id, auth.uid())
    returning * into v_draft;
  else
    perform private.check_expected_revision(v_draft, revert_draft.expected_revision);
    update public.workflow_versions v
    set definition = v_source.definition, revision = v.revision + 1, source_version_id = v_source.id, updated_at = now()
    where v.id = v_draft.id
    returning * into v_draft;
  end if;
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_draft.id, 'draft_reverted',
    jsonb_build_object('source_version_id', v_source.id, 'source_version_number', v_source.version_number,
                       'revision', v_draft.revision));
  return v_draft;
end;
$$;
comment on function public.revert_draft(uuid, uuid, integer) is
  'Loads a published version''s definition into the draft (creating the draft if none); source_version_id records it. Live is untouched. Editors and up. Errors: PT404 version, PT409 stale revision/archived.';

create or replace function public.discard_draft(workflow_id uuid, expected_revision integer default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.authorize_workflow(discard_draft.workflow_id, 'editor', 'discard the draft', true);
  v_draft public.workflow_versions;
begin
  perform private.refuse_if_archived(v_workflow);
  v_draft := private.lock_draft(v_workflow.id);
  if v_draft.id is null then
    perform private.raise_error('PT409', 'This workflow has no draft to discard', 'Nothing to do; the live version is unchanged');
  end if;
  perform private.check_expected_revision(v_draft, discard_draft.expected_revision);
  delete from public.workflow_versions v where v.id = v_draft.id;
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_draft.id, 'draft_discarded',
    jsonb_build_object('revision', v_draft.revision));
end;
$$;
comment on function public.discard_draft(uuid, integer) is
  'Deletes the draft. Editors and up. Errors: PT409 no draft/stale revision/archived.';

revoke all on function public.create_draft(uuid, uuid) from public, anon;
revoke all on function public.save_draft(uuid, jsonb, integer) from public, anon;
revoke all on function public.revert_draft(uuid, uuid, integer) from public, anon;
revoke all on function public.discard_draft(uuid, integer) from public, anon;
grant execute on function public.create_draft(uuid, uuid) to authenticated;
grant execute on function public.save_draft(uuid, jsonb, integer) to authenticated;
grant execute on function public.revert_draft(uuid, uuid, integer) to authenticated;
grant execute on function public.discard_draft(uuid, integer) to authenticated;
