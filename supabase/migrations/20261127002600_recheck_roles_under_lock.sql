-- Fixes from review: role checks that hold until the write commits.
-- 1. add_project_member locked only the target's row, so two owners demoting each other concurrently
--    could leave a project with no owner. Membership changes of a project now serialise on its row.
-- 2. authorize_workflow checked the role, then waited for the workflow lock: a member demoted meanwhile
--    could still finish the write. The role is now checked again under the lock.

create or replace function private.authorize_workflow(
  workflow_id uuid,
  min_role public.project_role,
  action text,
  lock boolean default false
) returns public.workflows
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_project_id uuid;
  v_role public.project_role;
  v_workflow public.workflows;
begin
  if authorize_workflow.workflow_id is null then
    perform private.raise_error('22023', 'workflow_id is required', 'Pass the id of the workflow');
  end if;
  select w.project_id into v_project_id from public.workflows w where w.id = authorize_workflow.workflow_id;
  v_role := private.member_role(v_project_id, v_uid);
  if v_role is null then
    perform private.raise_error('PT404', format('Workflow %s not found', authorize_workflow.workflow_id),
      'Check the id; you only see workflows of projects you are a member of');
  end if;
  if v_role < authorize_workflow.min_role then
    perform private.raise_error('42501',
      format('Your role in this project (%s) cannot %s', v_role, authorize_workflow.action),
      format('Ask a project owner for the %s role', authorize_workflow.min_role));
  end if;
  if authorize_workflow.lock then
    select * into v_workflow from public.workflows w where w.id = authorize_workflow.workflow_id for no key update;
    -- Re-check the role once the lock is held: a demotion committed while this call waited is seen, so
    -- a demoted member cannot finish a write they started as editor. (A demotion committing after this
    -- read is ordered after the write, as if it came a moment later; no row lock is needed for that.)
    select m.role into v_role from public.project_members m
    where m.project_id = v_workflow.project_id and m.user_id = v_uid;
    if v_role is null or v_role < authorize_workflow.min_role then
      perform private.raise_error('42501',
        format('Your role in this project (%s) cannot %s', coalesce(v_role::text, 'none'), authorize_workflow.action),
        format('Ask a project owner for the %s role', authorize_workflow.min_role));
    end if;
  else
    select * into v_workflow from public.workflows w where w.id = authorize_workflow.workflow_id;
  end if;
  return v_workflow;
end;
$$;

create or replace function public.add_project_member(project_id uuid, email text, role public.project_role)
returns public.project_members
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_uid uuid;
  v_user_id uuid;
  v_previous public.project_role;
  v_member public.project_members;
begin
  perform private.authorize_project(add_project_member.project_id, 'owner', 'add members or change roles');
  -- Membership changes of one project run one at a time, and the caller is checked again under that
  -- lock: two owners demoting each other at once cannot leave the project without an owner.
  perform 1 from public.projects p where p.id = add_project_member.project_id for no key update;
  perform private.authorize_project(add_project_member.project_id, 'owner', 'add members or change roles');
  v_uid := auth.uid();
  if add_project_member.role is null then
    perform private.raise_error('22023', 'role is required', 'Use one of viewer, editor, publisher, owner');
  end if;
  if add_project_member.email is null or length(btrim(add_project_member.email)) = 0 then
    perform private.raise_error('22023', 'email is required', 'Pass the email the person signed up with');
  end if;
  select u.id into v_user_id from auth.users u
  where lower(u.email) = lower(btrim(add_project_member.email)) and u.deleted_at is null
  order by u.created_at limit 1;
  if v_user_id is null then
    perform private.raise_error('PT404', format('No user has the email %s', btrim(add_project_member.email)),
      'Ask them to sign up first, then add them again');
  end if;
  select m.role into v_previous from public.project_members m
  where m.project_id = add_project_member.project_id and m.user_id = v_user_id
  for update;
  if v_previous = 'owner' and add_project_member.role <> 'owner' and not exists (
    select 1 from public.project_members m
    where m.project_id = add_project_member.project_id and m.role = 'owner' and m.user_id <> v_user_id
  ) then
    perform private.raise_error('PT409', 'A project keeps at least one owner',
      'Make someone else owner first, then change this role');
  end if;
  insert into public.project_members as m (project_id, user_id, role)
  values (add_project_member.project_id, v_user_id, add_project_member.role)
  on conflict on constraint project_members_pkey do update set role = excluded.role
  returning * into v_member;
  perform private.record_event(add_project_member.project_id, null, null, 'member_added',
    jsonb_build_object('user_id', v_user_id, 'email', lower(btrim(add_project_member.email)),
                       'role', add_project_member.role, 'previous_role', v_previous));
  return v_member;
end;
$$;
