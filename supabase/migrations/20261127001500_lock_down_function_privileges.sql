-- Least privilege for everything defined so far: private helpers are not callable by API roles, except
-- the membership lookup that RLS policies run as the caller.

revoke all on all functions in schema private from public, anon, authenticated, service_role;
grant execute on function private.member_project_ids(uuid, public.project_role) to authenticated, service_role;
