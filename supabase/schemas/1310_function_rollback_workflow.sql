-- rollback_workflow: publishes a copy of an older version as the next number and deploys it to
-- production (which moves current_version_id). "Already live" means what production runs.

create or replace function public.rollback_workflow(workflow_id uuid, version_id uuid, note text default null)
returns public.workflow_versions
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.require_workflow_role(rollback_workflow.workflow_id, 'publisher', 'roll back', true);
  v_production public.project_environments := private.require_environment(v_workflow.project_id, 'production');
  v_source public.workflow_versions;
  v_version public.workflow_versions;
  v_note text := nullif(btrim(rollback_workflow.note), '');
begin
  -- Rolling back deploys to production, so it also needs production's deploy role.
  if v_production.deploy_role > 'publisher' then
    perform private.require_project_role(v_workflow.project_id, v_production.deploy_role, 'roll back');
  end if;
  perform private.require_not_archived(v_workflow);
  if length(v_note) > 2000 then
    perform private.raise_error('22023', 'note must be at most 2000 characters', 'Shorten the change note');
  end if;
  v_source := private.require_published_version(v_workflow.id, rollback_workflow.version_id);
  -- current_version_id is what production runs (a deferred trigger keeps the two equal).
  if v_source.id = v_workflow.current_version_id then
    perform private.raise_error('PT409', format('Version %s is already live: production runs it', v_source.version_number),
      'Pick an older version to roll back to');
  end if;
  -- The numbering trigger checks the number, moves the counter and computes the hash.
  insert into public.workflow_versions (workflow_id, project_id, version_number, state, definition,
    revision, base_version_id, source_version_id, note, created_by, published_by, published_at)
  values (v_workflow.id, v_workflow.project_id, v_workflow.last_version_number + 1, 'published', v_source.definition,
    1, v_workflow.current_version_id, v_source.id,
    coalesce(v_note, format('Rolled back to version %s', v_source.version_number)),
    auth.uid(), auth.uid(), now())
  returning * into v_version;
  perform private.deploy(v_workflow, 'production', v_version.id, v_version.note);
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_version.id, 'rolled_back',
    jsonb_build_object('version_number', v_version.version_number, 'source_version_id', v_source.id,
      'source_version_number', v_source.version_number, 'previous_version_id', v_workflow.current_version_id,
      'environment', 'production'));
  return v_version;
end;
$$;
comment on function public.rollback_workflow(uuid, uuid, text) is
  'Publishes a copy of an older published version as the next number and deploys it to production (current_version_id moves); the draft, if any, is left alone. Publishers and up, and at least production''s deploy_role. Errors: 42501, PT404 version, PT409 already what production runs, archived; 22023 bad argument.';

revoke all on function public.rollback_workflow(uuid, uuid, text) from public, anon;
grant execute on function public.rollback_workflow(uuid, uuid, text) to authenticated;
