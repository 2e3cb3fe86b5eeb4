-- validate_workflow_definition: what publishing would say about a definition, without writing anything.

create or replace function public.validate_workflow_definition(definition jsonb)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_problems jsonb;
begin
  perform private.require_user();
  if octet_length(validate_workflow_definition.definition::text) > 1048576 then
    perform private.raise_error('PT413', 'The definition is larger than 1 MiB',
      'Split the workflow or move large constants out of node configs');
  end if;
  perform private.require_definition_depth(validate_workflow_definition.definition);
  v_problems := private.definition_problems(validate_workflow_definition.definition);
  return jsonb_build_object(
    'valid', jsonb_array_length(v_problems -> 'errors') = 0,
    'errors', v_problems -> 'errors',
    'warnings', v_problems -> 'warnings');
end;
$$;
comment on function public.validate_workflow_definition(jsonb) is
  'Checks a workflow definition against the publish rules and returns {"valid", "errors": [{"code", "message", "node_id"?, "edge_id"?}], "warnings": [...]}. Writes nothing. Any signed-in user. Errors: PT413 over 1 MiB, 22023 nested deeper than 64 levels.';

revoke all on function public.validate_workflow_definition(jsonb) from public, anon;
grant execute on function public.validate_workflow_definition(jsonb) to authenticated;
