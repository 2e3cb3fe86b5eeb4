-- import_workflow_definition: puts an exported document (export_workflow_version) or a bare definition
-- into the draft, creating the draft when there is none. A document's hash, when present, must match its
-- definition, so a file edited by hand or damaged on the way is refused rather than imported silently.
-- It is a draft write like save_draft (same limits, revision + 1, audited as draft_saved, so the importer
-- is one of the draft's authors).

create or replace function public.import_workflow_definition(
  workflow_id uuid,
  document jsonb,
  expected_revision integer default null
) returns public.workflow_versions
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.require_workflow_role(import_workflow_definition.workflow_id, 'editor', 'import into the draft', true);
  v_is_document boolean := coalesce(import_workflow_definition.document ->> 'format' = 'workflow-version/1', false);
  v_definition jsonb := case when v_is_document then import_workflow_definition.document -> 'definition'
                             else import_workflow_definition.document end;
  v_hash text := import_workflow_definition.document -> 'version' ->> 'definition_hash';
  v_draft public.workflow_versions;
  v_base_id uuid;
begin
  perform private.require_not_archived(v_workflow);
  perform private.require_definition(v_definition);
  if v_is_document and v_hash is not null and v_hash <> private.definition_hash(v_definition) then
    perform private.raise_error('22023',
      'The document''s definition does not match its definition_hash: it was changed after export',
      'Export the version again, or import the definition alone (without "version.definition_hash")');
  end if;
  v_draft := private.lock_draft(v_workflow.id);
  if v_draft.id is null then
    select v.id into v_base_id from public.workflow_versions v
    where v.workflow_id = v_workflow.id and v.version_number is not null
    order by v.version_number desc limit 1;
    insert into public.workflow_versions (workflow_id, project_id, state, definition, revision, base_version_id, created_by)
    values (v_workflow.id, v_workflow.project_id, 'draft', v_definition, 1, v_base_id, auth.uid())
    returning * into v_draft;
  else
    if import_workflow_definition.expected_revision is null then
      perform private.raise_error('22023', 'expected_revision is required: this workflow has a draft',
        'Send the revision of the draft you are replacing, so nobody''s saved work is overwritten unseen');
    end if;
    perform private.require_expected_revision(v_draft, import_workflow_definition.expected_revision);
    update public.workflow_versions v
    set definition = v_definition, revision = v.revision + 1, updated_at = now()
    where v.id = v_draft.id
    returning * into v_draft;
  end if;
  perform private.close_publish_requests(v_workflow.id, v_draft.id);  -- review: a changed draft supersedes its request
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_draft.id, 'draft_saved',
    jsonb_strip_nulls(jsonb_build_object('revision', v_draft.revision, 'imported', true,
      'source_workflow_name', case when v_is_document then import_workflow_definition.document -> 'workflow' ->> 'name' end,
      'source_version_number', case when v_is_document then import_workflow_definition.document -> 'version' -> 'number' end,
      'definition_hash', v_hash)));
  return v_draft;
end;
$$;
comment on function public.import_workflow_definition(uuid, jsonb, integer) is
  'Imports an export_workflow_version document, or a bare definition, into the draft (created when absent; expected_revision required when a draft exists). A document''s definition_hash must match. Editors and up. Errors: 42501, PT404, PT409 stale revision or archived, PT413 over 1 MiB, 22023 not an object, hash mismatch or missing revision.';

revoke all on function public.import_workflow_definition(uuid, jsonb, integer) from public, anon;
grant execute on function public.import_workflow_definition(uuid, jsonb, integer) to authenticated;
