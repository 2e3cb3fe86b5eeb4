-- set_project_settings: the owner turns review before publish on or off for a project.

create or replace function public.set_project_settings(project_id uuid, require_review boolean)
returns public.projects
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_project public.projects;
  v_previous boolean;
begin
  perform private.require_project_role(set_project_settings.project_id, 'owner', 'change project settings');
  if set_project_settings.require_review is null then
    perform private.raise_error('22023', 'require_review is required',
      'Send true to require an approved review before publishing, false to publish directly');
  end if;
  select p.require_review into v_previous from public.projects p where p.id = set_project_settings.project_id for no key update;
  update public.projects p set require_review = set_project_settings.require_review
  where p.id = set_project_settings.project_id
  returning * into v_project;
  perform private.record_event(v_project.id, null, null, 'settings_changed',
    jsonb_build_object('require_review', v_project.require_review, 'previous_require_review', v_previous));
  return v_project;
end;
$$;
comment on function public.set_project_settings(uuid, boolean) is
  'Sets the project''s settings: require_review = true makes publish_draft publish only a draft revision another publisher approved (request_review, decide_review). Owners only. Errors: 42501, PT404 project, 22023 missing value.';

revoke all on function public.set_project_settings(uuid, boolean) from public, anon;
grant execute on function public.set_project_settings(uuid, boolean) to authenticated;
