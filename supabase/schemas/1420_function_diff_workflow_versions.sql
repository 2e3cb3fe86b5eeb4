-- diff_workflow_versions: what changed between two versions of one workflow.

create or replace function public.diff_workflow_versions(from_version_id uuid, to_version_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_from public.workflow_versions := public.get_workflow_version(diff_workflow_versions.from_version_id);
  v_to public.workflow_versions := public.get_workflow_version(diff_workflow_versions.to_version_id);
begin
  if v_from.workflow_id <> v_to.workflow_id then
    perform private.raise_error('22023', 'The two versions belong to different workflows',
      'Compare two versions of one workflow (a draft may be either side)');
  end if;
  return private.diff_definitions(v_from.definition, v_to.definition);
end;
$$;
comment on function public.diff_workflow_versions(uuid, uuid) is
  'What changed from one version to another of the same workflow (a draft may be either side): {"nodes": {"added", "removed", "changed": [{"id", "before", "after"}]}, "edges": {"added", "removed"}, "settings_changed"}. Viewers and up. Errors: PT404, 22023 different workflows.';

revoke all on function public.diff_workflow_versions(uuid, uuid) from public, anon;
grant execute on function public.diff_workflow_versions(uuid, uuid) to authenticated;
