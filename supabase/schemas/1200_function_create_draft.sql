-- create_draft. One draft per workflow, shared by its editors; every draft write names the revision it
-- builds on (optimistic concurrency).

create or replace function public.create_draft(workflow_id uuid, from_version_id uuid default null)
returns public.workflow_versions
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.require_workflow_role(create_draft.workflow_id, 'editor', 'create drafts', true);
  v_draft public.workflow_versions := private.lock_draft(create_draft.workflow_id);
  v_base public.workflow_versions;
begin
  perform private.require_not_archived(v_workflow);
  if v_draft.id is not null then
    if create_draft.from_version_id is null then
      return v_draft;  -- idempotent: the existing draft, unchanged, and no event
    end if;
    perform private.raise_error('PT409', 'This workflow already has a draft',
      'Use revert_draft to load that version into the draft, or discard the draft first');
  end if;
  if create_draft.from_version_id is not null then
    v_base := private.require_published_version(v_workflow.id, create_draft.from_version_id);
  elsif v_workflow.last_version_number > 0 then
    -- The latest published version (the highest number), wherever it is deployed: a version published
    -- only to staging is never lost by the next draft.
    select v.id, v.version_number into v_base.id, v_base.version_number from public.workflow_versions v
    where v.workflow_id = v_workflow.id and v.version_number = v_workflow.last_version_number;
  end if;
  -- Copied in SQL, not through a variable: the stored (compressed) definition is copied as it is.
  insert into public.workflow_versions (workflow_id, project_id, state, definition, revision, base_version_id, created_by)
  select v_workflow.id, v_workflow.project_id, 'draft', coalesce(b.definition, '{"nodes": [], "edges": []}'), 1, v_base.id, auth.uid()
  from (values (v_base.id)) as base (id) left join public.workflow_versions b on b.id = base.id
  returning * into v_draft;
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_draft.id, 'draft_created',
    jsonb_strip_nulls(jsonb_build_object('base_version_id', v_base.id, 'base_version_number', v_base.version_number)));
  return v_draft;
end;
$$;
comment on function public.create_draft(uuid, uuid) is
  'PRD POST /workflows/{id}/versions. Without a draft: creates one from from_version_id (a published version of this workflow), else from the latest published version (the highest number, wherever it is deployed), else empty. With a draft: returns it unchanged when from_version_id is absent, PT409 otherwise. Editors and up.';

revoke all on function public.create_draft(uuid, uuid) from public, anon;
grant execute on function public.create_draft(uuid, uuid) to authenticated;
