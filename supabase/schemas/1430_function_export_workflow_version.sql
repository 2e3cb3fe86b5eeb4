-- export_workflow_version: one version as a self-describing JSON document (the definition with the
-- workflow's name, the number, note, author, date and hash), for download and for import_workflow_definition.
-- The hash is the sha256 of the definition's canonical jsonb text, so an importer can check the
-- definition arrived unchanged.

create or replace function public.export_workflow_version(version_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_version public.workflow_versions := public.get_workflow_version(export_workflow_version.version_id);
  v_workflow public.workflows;
  v_author_id uuid := coalesce(v_version.published_by, v_version.created_by);
begin
  select * into v_workflow from public.workflows w where w.id = v_version.workflow_id;
  return jsonb_build_object(
    'format', 'workflow-version/1',
    'workflow', jsonb_build_object('id', v_workflow.id, 'name', v_workflow.name, 'description', v_workflow.description),
    'version', jsonb_build_object(
      'id', v_version.id,
      'number', v_version.version_number,
      'state', v_version.state,
      'revision', v_version.revision,
      'note', v_version.note,
      'author', (select u.email from auth.users u where u.id = v_author_id),
      'date', coalesce(v_version.published_at, v_version.updated_at),
      'definition_hash', private.version_hash(v_version)),
    'definition', v_version.definition);
end;
$$;
comment on function public.export_workflow_version(uuid) is
  'One version (draft or published) as a JSON document: {"format": "workflow-version/1", "workflow": {id, name, description}, "version": {id, number, state, revision, note, author, date, definition_hash}, "definition"}. Viewers and up. Errors: PT404.';

revoke all on function public.export_workflow_version(uuid) from public, anon;
grant execute on function public.export_workflow_version(uuid) to authenticated;
