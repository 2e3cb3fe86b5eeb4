-- The public schema's tables, types and row level security.
begin;
select plan(36);

-- TEST: the six tables of the data model exist
select has_table('public', 'projects', 'projects exists');
select has_table('public', 'project_members', 'project_members exists');
select has_table('public', 'workflows', 'workflows exists');
select has_table('public', 'workflow_versions', 'workflow_versions exists');
select has_table('public', 'workflow_version_events', 'workflow_version_events exists');
select has_table('public', 'workflow_node_types', 'workflow_node_types exists');

-- TEST: environments, deployments and runs (phase 2) have the design's columns and keys
select columns_are('public', 'project_environments', array['project_id', 'name', 'deploy_role', 'created_by', 'created_at'],
  'project_environments has the design''s columns');
select col_is_pk('public', 'project_environments', array['project_id', 'name'], 'project_environments: primary key (project_id, name)');
select columns_are('public', 'workflow_deployments', array['workflow_id', 'environment', 'project_id', 'version_id', 'deployed_by',
  'deployed_at', 'note'], 'workflow_deployments has the design''s columns');
select col_is_pk('public', 'workflow_deployments', array['workflow_id', 'environment'], 'workflow_deployments: primary key (workflow_id, environment)');
select columns_are('public', 'workflow_runs', array['id', 'project_id', 'workflow_id', 'version_id', 'environment', 'status',
  'replay_of', 'started_by', 'started_at', 'finished_at'], 'workflow_runs has the design''s columns');
select enum_has_labels('public', 'run_status', array['running', 'succeeded', 'failed', 'cancelled'],
  'run_status is running | succeeded | failed | cancelled');
select col_type_is('public', 'project_environments', 'deploy_role', 'project_role', 'deploy_role is a project_role');
select fk_ok('public', 'workflow_runs', 'version_id', 'public', 'workflow_versions', 'id', 'a run references its version');

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
  'published_at', 'problems', 'problems_node_types', 'problems_graph_hash', 'draft_hash'],
  'workflow_versions has the design''s columns, plus the stored validation verdict and the draft''s hash');
select col_type_is('public', 'workflow_versions', 'definition', 'jsonb', 'definition is jsonb');
select is((select a.attcompression from pg_catalog.pg_attribute a
           where a.attrelid = 'public.workflow_versions'::regclass and a.attname = 'definition'), 'l'::"char",
  'definition is compressed with lz4 (faster than pglz to write and read)');
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

-- TEST: review before publish and invitations: their tables, with the design's columns
select has_table('public', 'publish_requests', 'publish_requests exists');
select has_table('public', 'project_invitations', 'project_invitations exists');
select columns_are('public', 'publish_requests', array[
  'id', 'project_id', 'workflow_id', 'draft_id', 'revision', 'definition_hash', 'state', 'note', 'requested_by',
  'requested_at', 'decided_by', 'decided_at', 'comment', 'updated_at'],
  'publish_requests has the design''s columns, plus updated_at');
select columns_are('public', 'project_invitations', array[
  'id', 'project_id', 'email', 'role', 'invited_by', 'created_at', 'expires_at', 'accepted_at', 'declined_at', 'revoked_at'],
  'project_invitations has exactly the design''s columns');
select enum_has_labels('public', 'publish_request_state', array['open', 'approved', 'rejected', 'withdrawn', 'superseded', 'published'],
  'publish_request_state holds the six states');
select col_isnt_fk('public', 'publish_requests', 'draft_id', 'publish_requests.draft_id has no foreign key (it outlives a discarded draft)');
select col_type_is('public', 'projects', 'require_review', 'boolean', 'projects.require_review is boolean');

-- TEST: the project_members role column uses the enum
select col_type_is('public', 'project_members', 'role', 'project_role', 'project_members.role is project_role');

select * from finish();
rollback;
