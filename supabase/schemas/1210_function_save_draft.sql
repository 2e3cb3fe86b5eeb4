-- save_draft: replaces the definition; a stale expected_revision writes nothing.

create or replace function public.save_draft(workflow_id uuid, definition jsonb, expected_revision integer)
returns public.workflow_versions
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.require_workflow_role(save_draft.workflow_id, 'editor', 'edit the draft', true);
  v_draft public.workflow_versions;
begin
  perform private.require_not_archived(v_workflow);
  if save_draft.expected_revision is null then
    perform private.raise_error('22023', 'expected_revision is required',
      'Send the revision of the draft you edited, as returned when you loaded or last saved it');
  end if;
  perform private.require_definition_object(save_draft.definition);  -- size and depth: the table's trigger (0140)
  -- Compare and set: the update writes only the draft at the expected revision (the row lock it takes is
  -- the only one needed); when it writes nothing, the draft is read and locked to say why. If that finds
  -- a draft at the expected revision after all (a writer without the workflow's lock replaced it while the
  -- update waited), the update runs once more against it.
  for i in 1..2 loop
    update public.workflow_versions v
    set definition = save_draft.definition, revision = v.revision + 1, updated_at = now()
    where v.workflow_id = v_workflow.id and v.state = 'draft' and v.version_number is null  -- as in lock_draft (0210)
      and v.revision = save_draft.expected_revision
    returning * into v_draft;
    exit when v_draft.id is not null;
    v_draft := private.lock_draft(v_workflow.id);
    if v_draft.id is null then
      perform private.raise_error('PT409', 'This workflow has no draft to save into',
        'Someone published or discarded it; create a draft (create_draft) and apply your change again');
    end if;
    perform private.require_expected_revision(v_draft, save_draft.expected_revision);
    v_draft := null;
  end loop;
  if v_draft.id is null then
    perform private.raise_error('PT409', 'The draft changed while it was being saved',
      'Reload the draft, re-apply your change and save again');
  end if;
  perform private.close_publish_requests(v_workflow.id, v_draft.id);  -- review: a changed draft supersedes its request
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_draft.id, 'draft_saved',
    jsonb_build_object('revision', v_draft.revision));
  return v_draft;
end;
$$;
comment on function public.save_draft(uuid, jsonb, integer) is
  'Replaces the draft''s definition and increments its revision. A stale expected_revision is refused (PT409) and nothing is written. Editors and up. Errors: PT409 stale/no draft/archived, PT413 over 1 MiB, 22023 bad argument.';

revoke all on function public.save_draft(uuid, jsonb, integer) from public, anon;
grant execute on function public.save_draft(uuid, jsonb, integer) to authenticated;
