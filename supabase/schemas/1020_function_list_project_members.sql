-- list_project_members: who is in a project, with their e-mail, so the editor can name authors and
-- actors. auth.users is not readable by API roles; this exposes only the e-mails of people who share a
-- project with the caller.

create or replace function public.list_project_members(project_id uuid)
returns table (user_id uuid, email text, role public.project_role, created_at timestamptz, updated_at timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_project_role(list_project_members.project_id, 'viewer', 'see members');
  return query
    select m.user_id, u.email::text, m.role, m.created_at, m.updated_at
    from public.project_members m
    join auth.users u on u.id = m.user_id
    where m.project_id = list_project_members.project_id
    order by m.role desc, u.email;
end;
$$;
comment on function public.list_project_members(uuid) is
  'The members of a project with their e-mail and role, owners first. Viewers and up. Errors: 42501 not signed in, PT404 project not found or not visible.';

revoke all on function public.list_project_members(uuid) from public, anon;
grant execute on function public.list_project_members(uuid) to authenticated;
