-- Least privilege, applied last so no helper is forgotten: private functions are not callable by the API
-- roles, except the membership lookup that RLS policies run as the caller. (Per-schema default
-- privileges can only add grants, so a blanket revoke is the way; db-tests/schema/
-- private_functions_are_private.test.sql fails if a new private function escapes it.)

revoke all on all functions in schema private from public, anon, authenticated, service_role;
grant execute on function private.member_project_ids(uuid, public.project_role) to authenticated, service_role;
-- The invitee half of the project_invitations read policy (0195) answers only for the caller.
grant execute on function private.caller_confirmed_email() to authenticated;
