-- publish_draft: the draft row becomes the next numbered, immutable version and goes live. It holds the
-- workflow's row lock, so publishes of one workflow serialise and numbers stay gapless. It reads the
-- verdict stored when the draft was written instead of validating again, and compares the hash the
-- database computes (once) to spot "nothing to publish".

create or replace function public.publish_draft(workflow_id uuid, expected_revision integer default null, note text default null)
returns public.workflow_versions
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.require_workflow_role(publish_draft.workflow_id, 'publisher', 'publish', true);
  v_draft public.workflow_versions;
  v_problems jsonb;
  v_note text := nullif(btrim(publish_draft.note), '');
begin
  perform private.require_not_archived(v_workflow);
  if length(v_note) > 2000 then
    perform private.raise_error('22023', 'note must be at most 2000 characters', 'Shorten the change note');
  end if;
  v_draft := private.lock_draft(v_workflow.id);
  if v_draft.id is null then
    perform private.raise_error('PT409', 'Nothing to publish: this workflow has no draft',
      'Create a draft (create_draft), change it, then publish');
  end if;
  perform private.require_expected_revision(v_draft, publish_draft.expected_revision);
  perform private.require_review_approval(v_workflow, v_draft);  -- review: with require_review, only the approved revision
  -- The verdict stored when the draft was written (same rules, same function).
  v_problems := coalesce(v_draft.problems, private.definition_problems(v_draft.definition));
  if jsonb_array_length(v_problems -> 'errors') > 0 then
    perform private.raise_error('PT422',
      format('The draft cannot be published: %s problem(s) found', jsonb_array_length(v_problems -> 'errors')),
      'Fix the problems listed in details (validate_workflow_definition shows them live), save, then publish again',
      (v_problems -> 'errors')::text);
  end if;

  -- The draft row becomes the version: the numbering trigger checks the number, moves the counter and
  -- computes the definition's hash.
  update public.workflow_versions v
  set state = 'published',
      version_number = v_workflow.last_version_number + 1,
      note = v_note,
      published_by = auth.uid(),
      published_at = now(),
      updated_at = now()
  where v.id = v_draft.id
  returning * into v_draft;
  -- Equal hashes ⇔ equal definitions (jsonb's text form is canonical). Raising here undoes the update.
  if v_workflow.current_version_id is not null and exists (
    select 1 from public.workflow_versions v
    where v.id = v_workflow.current_version_id and v.definition_hash = v_draft.definition_hash
  ) then
    perform private.raise_error('PT409', 'Nothing to publish: the draft is identical to the live version',
      'Change the draft first, or discard it');
  end if;
  update public.workflows w set current_version_id = v_draft.id where w.id = v_workflow.id;
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_draft.id, 'published',
    jsonb_strip_nulls(jsonb_build_object('version_number', v_draft.version_number, 'definition_hash', v_draft.definition_hash,
      'note', v_note, 'revision', v_draft.revision, 'previous_version_id', v_workflow.current_version_id,
      'warnings', nullif(v_problems -> 'warnings', '[]'::jsonb))));
  perform private.close_publish_requests(v_workflow.id, v_draft.id, v_draft.revision, v_draft.definition_hash);  -- review: published or superseded
  return v_draft;
end;
$$;
comment on function public.publish_draft(uuid, integer, text) is
  'PRD POST /workflows/{id}/versions/publish. Validates the draft, gives it the next version number, makes it live; no draft remains. Publishers and up. Errors: 42501, PT404, PT409 (no draft, identical to live, stale revision, archived), PT422 invalid (details: JSON list of problems).';

revoke all on function public.publish_draft(uuid, integer, text) from public, anon;
grant execute on function public.publish_draft(uuid, integer, text) to authenticated;
