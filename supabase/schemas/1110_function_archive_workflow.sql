-- archive_workflow: history stays readable; draft writes and publishes are refused.

create or replace function public.archive_workflow(workflow_id uuid)
returns public.workflows
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.require_workflow_role(archive_workflow.workflow_id, 'publisher', 'archive workflows', true);
begin
  perform private.require_not_archived(v_workflow);
  update public.workflows w set archived_at = now() where w.id = v_workflow.id returning * into v_workflow;
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_workflow.current_version_id, 'archived', '{}');
  return v_workflow;
end;
$$;
comment on function public.archive_workflow(uuid) is
  'Archives a workflow: its history stays readable, draft writes and publishes are refused. Publishers and up. Errors: 42501, PT404, PT409 already archived.';

revoke all on function public.archive_workflow(uuid) from public, anon;
grant execute on function public.archive_workflow(uuid) to authenticated;
