-- The private schema: helpers that RLS policies and RPCs share. PostgREST exposes only `public`
-- (and graphql_public), so nothing here is reachable over HTTP. Its functions are not executable by the
-- API roles either (9000_lock_down_private_functions.sql), except the membership lookup RLS runs.

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;
