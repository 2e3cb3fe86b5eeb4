-- get_workflow_version: one version, draft or published, with its definition.

create or replace function public.get_workflow_version(version_id uuid)
returns public.workflow_versions
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_version public.workflow_versions;
begin
  perform private.require_user();
  if get_workflow_version.version_id is null then
    perform private.raise_error('22023', 'version_id is required', 'Pass the id of a version');
  end if;
  select * into v_version from public.workflow_versions v where v.id = get_workflow_version.version_id;
  if v_version.id is null or private.member_role(v_version.project_id, auth.uid()) is null then
    perform private.raise_error('PT404', format('Version %s not found', get_workflow_version.version_id),
      'Check the id; you only see versions of projects you are a member of');
  end if;
  return v_version;
end;
$$;
comment on function public.get_workflow_version(uuid) is
  'One version (draft or published) with its definition. Viewers and up. Errors: PT404.';

revoke all on function public.get_workflow_version(uuid) from public, anon;
grant execute on function public.get_workflow_version(uuid) to authenticated;
