-- The permission matrix for the workflow tools (rename, export, import, duplicate): anon, stranger,
-- viewer, editor, publisher, owner and service_role, each call from the same state and rolled back.
begin;
select plan(28); -- 4 RPCs × 7 callers

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.version_id(:'wf', 1) as v1 \gset

-- TEST: every cell
with calls(ord, rpc, sql, anon, stranger, viewer, editor, publisher, owner, service_role) as (values
  (1, 'update_workflow', format($$select public.update_workflow(workflow_id => %L, name => 'Renamed')$$, :'wf'),
      '42501', 'PT404', '42501', 'ok', 'ok', 'ok', '42501'),
  (2, 'export_workflow_version', format($$select public.export_workflow_version(version_id => %L)$$, :'v1'),
      '42501', 'PT404', 'ok', 'ok', 'ok', 'ok', '42501'),
  (3, 'import_workflow_definition', format($$select public.import_workflow_definition(workflow_id => %L, document => tests.valid_definition(3))$$, :'wf'),
      '42501', 'PT404', '42501', 'ok', 'ok', 'ok', '42501'),
  (4, 'duplicate_workflow', format($$select public.duplicate_workflow(version_id => %L, project_id => %L)$$, :'v1', :'project'),
      '42501', 'PT404', '42501', 'ok', 'ok', 'ok', '42501')
), callers(cord, label, who) as (values
  (1, 'anon', 'anon'), (2, 'stranger', 'globex_owner'), (3, 'viewer', 'acme_viewer'), (4, 'editor', 'acme_editor'),
  (5, 'publisher', 'acme_publisher'), (6, 'owner', 'acme_owner'), (7, 'service_role', 'service_role')
)
select is(tests.outcome_as(callers.who, calls.sql),
          case callers.label when 'anon' then calls.anon when 'stranger' then calls.stranger when 'viewer' then calls.viewer
            when 'editor' then calls.editor when 'publisher' then calls.publisher when 'owner' then calls.owner
            else calls.service_role end,
          format('%s × %s', callers.label, calls.rpc))
from calls cross join callers
order by calls.ord, callers.cord;

select * from finish();
rollback;
