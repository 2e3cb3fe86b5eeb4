-- publish_draft: the draft row becomes the next numbered, immutable version and is deployed to one
-- environment (production unless told otherwise; current_version_id moves only for production). It holds
-- the workflow's row lock, so publishes and deployments of one workflow serialise and numbers stay
-- gapless. It reads the verdict stored when the draft was written instead of validating again, and
-- compares the hash the database computes (once) with what that environment runs to spot "nothing to
-- publish". Its one audit event is `published`, naming the environment.

-- Phase 1 had publish_draft(uuid, integer, text): an overload next to it would make named calls ambiguous.
drop function if exists public.publish_draft(uuid, integer, text);

create or replace function public.publish_draft(
  workflow_id uuid,
  expected_revision integer default null,
  note text default null,
  environment text default 'production'
) returns public.workflow_versions
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.require_workflow_role(publish_draft.workflow_id, 'publisher', 'publish', true);
  v_environment public.project_environments := private.require_environment(v_workflow.project_id, publish_draft.environment);
  v_draft public.workflow_versions;
  v_deployed_id uuid;
  v_deployed_number integer;
  v_deployed_hash text;
  v_problems jsonb;
  v_note text := nullif(btrim(publish_draft.note), '');
begin
  -- Publishing to an environment also needs its deploy role (checked under the workflow lock, like the role above).
  if v_environment.deploy_role > 'publisher' then
    perform private.require_project_role(v_workflow.project_id, v_environment.deploy_role, format('publish to %s', v_environment.name));
  end if;
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
  -- What the environment runs now (its hash only: the definition itself is not read).
  select v.id, v.version_number, v.definition_hash into v_deployed_id, v_deployed_number, v_deployed_hash
  from public.workflow_deployments d join public.workflow_versions v on v.id = d.version_id
  where d.workflow_id = v_workflow.id and d.environment = v_environment.name;

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
  if v_deployed_hash = v_draft.definition_hash then
    perform private.raise_error('PT409',
      format('Nothing to publish: the draft is identical to version %s, which %s runs', v_deployed_number, v_environment.name),
      'Change the draft first, or discard it');
  end if;
  perform private.deploy(v_workflow, v_environment.name, v_draft.id, v_note);
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_draft.id, 'published',
    jsonb_strip_nulls(jsonb_build_object('version_number', v_draft.version_number, 'definition_hash', v_draft.definition_hash,
      'note', v_note, 'revision', v_draft.revision, 'environment', v_environment.name, 'previous_version_id', v_deployed_id,
      'warnings', nullif(v_problems -> 'warnings', '[]'::jsonb))));
  perform private.close_publish_requests(v_workflow.id, v_draft.id, v_draft.revision, v_draft.definition_hash);  -- review: published or superseded
  return v_draft;
end;
$$;
comment on function public.publish_draft(uuid, integer, text, text) is
  'PRD POST /workflows/{id}/versions/publish. Validates the draft, gives it the next version number and deploys it to environment (default production, which also moves current_version_id); no draft remains. Publishers and up, and at least the environment''s deploy_role. Errors: 42501, PT404 workflow or environment, PT409 (no draft, identical to what the environment runs, stale revision, archived), PT422 invalid (details: JSON list of problems), 22023 bad argument.';

revoke all on function public.publish_draft(uuid, integer, text, text) from public, anon;
grant execute on function public.publish_draft(uuid, integer, text, text) to authenticated;
