-- The public schema's tables, types and row level security.
begin;
select plan(20);

-- TEST: the six tables of the data model exist
select has_table('public', 'projects', 'projects exists');
select has_table('public', 'project_members', 'project_members exists');
select has_table('public', 'workflows', 'workflows exists');
select has_table('public', 'workflow_versions', 'workflow_versions exists');
select has_table('public', 'workflow_version_events', 'workflow_version_events exists');
select has_table('public', 'workflow_node_types', 'workflow_node_types exists');

-- TEST: the enums hold the design's values, in order of power for roles
select enum_has_labels('public', 'project_role', array['viewer', 'editor', 'publisher', 'owner'],
  'project_role is viewer < editor < publisher < owner');
select enum_has_labels('public', 'version_state', array['draft', 'published'], 'version_state is draft | published');

-- TEST: RLS is enabled on every table of public
select is(
  (select array_agg(c.relname::text order by c.relname) from pg_class c
   where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relrowsecurity),
  null,
  'no table in public has row level security disabled');

-- TEST: workflow_versions has the columns of the design
select columns_are('public', 'workflow_versions', array[
  'id', 'workflow_id', 'project_id', 'version_number', 'state', 'definition', 'definition_hash', 'revision',
  'base_version_id', 'source_version_id', 'note', 'created_by', 'created_at', 'updated_at', 'published_by',
  'published_at', 'problems', 'problems_node_types'], 'workflow_versions has the design''s columns, plus the stored validation verdict');
select col_type_is('public', 'workflow_versions', 'definition', 'jsonb', 'definition is jsonb');
select col_type_is('public', 'workflow_versions', 'state', 'version_state', 'state is version_state');

-- TEST: workflows has the counter and the live pointer
select has_column('public', 'workflows', 'current_version_id', 'workflows.current_version_id exists');
select has_column('public', 'workflows', 'last_version_number', 'workflows.last_version_number exists');
select has_column('public', 'workflows', 'archived_at', 'workflows.archived_at exists');
select fk_ok('public', 'workflows', 'current_version_id', 'public', 'workflow_versions', 'id',
  'current_version_id references workflow_versions');

-- TEST: the audit table has the design's columns, numbered and hash-chained per workflow (and per
-- project for its own events) instead of one identity shared by every tenant
select columns_are('public', 'workflow_version_events', array[
  'id', 'project_id', 'workflow_id', 'version_id', 'action', 'actor_id', 'occurred_at', 'details', 'previous_hash', 'hash'],
  'workflow_version_events has exactly the design''s columns plus the hash chain');
select col_type_is('public', 'workflow_version_events', 'id', 'bigint', 'event id is bigint');

-- TEST: the node types are seeded by the migrations (triggers webhook and schedule)
select results_eq(
  $$select type::text, is_trigger from public.workflow_node_types order by type$$,
  $$values ('branch', false), ('delay', false), ('http_call', false), ('loop', false), ('schedule', true),
           ('terminate', false), ('transform', false), ('webhook', true)$$,
  'workflow_node_types holds the eight design types');

-- TEST: the project_members role column uses the enum
select col_type_is('public', 'project_members', 'role', 'project_role', 'project_members.role is project_role');

select * from finish();
rollback;
