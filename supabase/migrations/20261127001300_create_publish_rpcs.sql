-- Publishing: publish_draft turns the draft into the next numbered, immutable version and makes it
-- live; rollback_workflow publishes a copy of an older version as the next number. Both hold the
-- workflow's row lock, so publishes of one workflow serialise and numbers stay gapless.

create or replace function public.publish_draft(workflow_id uuid, expected_revision integer default null, note text default null)
returns public.workflow_versions
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.authorize_workflow(publish_draft.workflow_id, 'publisher', 'publish', true);
  v_draft public.workflow_versions;
  v_problems jsonb;
  v_note text := nullif(btrim(publish_draft.note), '');
begin
  perform private.refuse_if_archived(v_workflow);
  if length(v_note) > 2000 then
    perform private.raise_error('22023', 'note must be at most 2000 characters', 'Shorten the change note');
  end if;
  v_draft := private.lock_draft(v_workflow.id);
  if v_draft.id is null then
    perform private.raise_error('PT409', 'Nothing to publish: this workflow has no draft',
      'Create a draft (create_draft), change it, then publish');
  end if;
  perform private.check_expected_revision(v_draft, publish_draft.expected_revision);
  if v_workflow.current_version_id is not null and exists (
    select 1 from public.workflow_versions v
    where v.id = v_workflow.current_version_id and v.definition = v_draft.definition
  ) then
    perform private.raise_error('PT409', 'Nothing to publish: the draft is identical to the live version',
      'Change the draft first, or discard it');
  end if;
  v_problems := private.definition_problems(v_draft.definition);
  if jsonb_array_length(v_problems -> 'errors') > 0 then
    perform private.raise_error('PT422',
      format('The draft cannot be published: %s problem(s) found', jsonb_array_length(v_problems -> 'errors')),
      'Fix the problems listed in details (validate_workflow_definition shows them live), save, then publish again',
      (v_problems -> 'errors')::text);
  end if;

  -- The draft row becomes the version: the numbering trigger checks the number and moves the counter.
  update public.workflow_versions v
  set state = 'published',
      version_number = v_workflow.last_version_number + 1,
      definition_hash = private.definition_hash(v_draft.definition),
      note = v_note,
      published_by = auth.uid(),
      published_at = now(),
      updated_at = now()
  where v.id = v_draft.id
  returning * into v_draft;
  update public.workflows w set current_version_id = v_draft.id where w.id = v_workflow.id;
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_draft.id, 'published',
    jsonb_strip_nulls(jsonb_build_object('version_number', v_draft.version_number, 'definition_hash', v_draft.definition_hash,
      'note', v_note, 'revision', v_draft.revision, 'previous_version_id', v_workflow.current_version_id,
      'warnings', nullif(v_problems -> 'warnings', '[]'::jsonb))));
  return v_draft;
end;
$$;
comment on function public.publish_draft(uuid, integer, text) is
  'PRD POST /workflows/{id}/versions/publish. Validates the draft, gives it the next version number, makes it live; no draft remains. Publishers and up. Errors: 42501, PT404, PT409 (no draft, identical to live, stale revision, archived), PT422 invalid (details: JSON list of problems).';

create or replace function public.rollback_workflow(workflow_id uuid, version_id uuid, note text default null)
returns public.workflow_versions
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.authorize_workflow(rollback_workflow.workflow_id, 'publisher', 'roll back', true);
  v_source public.workflow_versions;
  v_version public.workflow_versions;
  v_note text := nullif(btrim(rollback_workflow.note), '');
begin
  perform private.refuse_if_archived(v_workflow);
  if length(v_note) > 2000 then
    perform private.raise_error('22023', 'note must be at most 2000 characters', 'Shorten the change note');
  end if;
  v_source := private.published_version(v_workflow.id, rollback_workflow.version_id);
  if v_source.id = v_workflow.current_version_id then
    perform private.raise_error('PT409', format('Version %s is already live', v_source.version_number),
      'Pick an older version to roll back to');
  end if;
  insert into public.workflow_versions (workflow_id, project_id, version_number, state, definition, definition_hash,
    revision, base_version_id, source_version_id, note, created_by, published_by, published_at)
  values (v_workflow.id, v_workflow.project_id, v_workflow.last_version_number + 1, 'published', v_source.definition,
    v_source.definition_hash, 1, v_workflow.current_version_id, v_source.id,
    coalesce(v_note, format('Rolled back to version %s', v_source.version_number)),
    auth.uid(), auth.uid(), now())
  returning * into v_version;
  update public.workflows w set current_version_id = v_version.id where w.id = v_workflow.id;
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_version.id, 'rolled_back',
    jsonb_build_object('version_number', v_version.version_number, 'source_version_id', v_source.id,
      'source_version_number', v_source.version_number, 'previous_version_id', v_workflow.current_version_id));
  return v_version;
end;
$$;
comment on function public.rollback_workflow(uuid, uuid, text) is
  'Publishes a copy of an older published version as the next number and makes it live; the draft, if any, is left alone. Publishers and up. Errors: 42501, PT404 version, PT409 already live/archived.';

revoke all on function public.publish_draft(uuid, integer, text) from public, anon;
revoke all on function public.rollback_workflow(uuid, uuid, text) from public, anon;
grant execute on function public.publish_draft(uuid, integer, text) to authenticated;
grant execute on function public.rollback_workflow(uuid, uuid, text) to authenticated;
