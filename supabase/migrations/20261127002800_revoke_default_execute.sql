-- Fix from review: `alter default privileges in schema … revoke … from public` (first migration) does
-- nothing — per-schema defaults can only add grants — so private functions made after the lock-down
-- were executable by PUBLIC. Revoke again; db-tests/schema/private_functions_are_private.test.sql now
-- fails if a later migration forgets to. (A global default change would also strip PUBLIC's EXECUTE from
-- every extension installed later, which is not this project's call to make.)

revoke all on all functions in schema private from public, anon, authenticated, service_role;
grant execute on function private.member_project_ids(uuid, public.project_role) to authenticated, service_role;
revoke all on sequence public.workflow_version_events_id_seq from anon, authenticated;
