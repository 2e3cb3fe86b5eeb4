-- Audit anchors: the head of every audit chain, to keep outside the database (npm run db:check --
-- --anchor), and its verification later (npm run db:check -- --verify-anchor <file>). A hash chain shows
-- any change in its middle by itself (check_workflow_integrity), but not the loss of its last events, nor
-- a chain rewritten and re-hashed from the start by someone who can write to the table. An anchor taken
-- earlier shows both: its head event must still be there, with the same hash (events appended since are
-- fine; the chain check vouches for everything before the head).

create or replace function public.audit_chain_heads()
returns table (project_id uuid, workflow_id uuid, head_id bigint, head_hash text, events bigint)
language sql
stable
security definer
set search_path = ''
as $$
  select distinct on (e.workflow_id, case when e.workflow_id is null then e.project_id end)
         e.project_id, e.workflow_id, e.id, e.hash,
         count(*) over (partition by e.workflow_id, case when e.workflow_id is null then e.project_id end)
  from public.workflow_version_events e
  order by e.workflow_id, case when e.workflow_id is null then e.project_id end, e.id desc
$$;
comment on function public.audit_chain_heads() is
  'Operators: one row per audit chain (each workflow, and each project''s own events with workflow_id null): the last event''s number (head_id) and hash (head_hash), and the number of events. Keep it elsewhere and check it later with verify_audit_anchor. service_role and postgres only; `npm run db:check -- --anchor` prints it.';

revoke all on function public.audit_chain_heads() from public, anon, authenticated;
grant execute on function public.audit_chain_heads() to service_role;

create or replace function public.verify_audit_anchor(anchor jsonb)
returns table (project_id uuid, workflow_id uuid, check_name text, detail text)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_chains jsonb := case when jsonb_typeof(verify_audit_anchor.anchor) = 'object' then verify_audit_anchor.anchor -> 'chains'
                         else verify_audit_anchor.anchor end;
begin
  if jsonb_typeof(v_chains) is distinct from 'array' then
    perform private.raise_error('22023', 'The anchor must be a JSON array of chain heads (or an object with "chains")',
      'Pass what audit_chain_heads() returned (npm run db:check -- --anchor prints it)');
  end if;
  if exists (select 1 from jsonb_array_elements(v_chains) as h(x)
             where jsonb_typeof(h.x) <> 'object'
                or jsonb_typeof(h.x -> 'project_id') is distinct from 'string'
                or h.x ->> 'project_id' !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                or (jsonb_typeof(h.x -> 'workflow_id') = 'string'
                    and h.x ->> 'workflow_id' !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
                or coalesce(jsonb_typeof(h.x -> 'workflow_id'), 'null') not in ('string', 'null')
                or jsonb_typeof(h.x -> 'head_id') is distinct from 'number'
                or h.x ->> 'head_id' !~ '^[0-9]{1,18}$'
                or jsonb_typeof(h.x -> 'head_hash') is distinct from 'string') then
    perform private.raise_error('22023',
      'Every chain head of the anchor needs "project_id" (uuid), "workflow_id" (uuid or null), "head_id" (a whole number) and "head_hash"',
      'Pass the rows of audit_chain_heads() unchanged');
  end if;

  return query
    select a.project_id, a.workflow_id, 'audit_anchor'::text,
           case when e.hash is null
                then format('event %s of %s (anchored with hash %s) is missing: the trail was cut or rewritten since the anchor',
                            a.head_id, a.trail, a.head_hash)
                else format('event %s of %s has hash %s, the anchor recorded %s: the trail was rewritten since the anchor',
                            a.head_id, a.trail, e.hash, a.head_hash) end
    from (
      select (h.x ->> 'project_id')::uuid as project_id, (h.x ->> 'workflow_id')::uuid as workflow_id,
             (h.x ->> 'head_id')::bigint as head_id, h.x ->> 'head_hash' as head_hash,
             case when h.x ->> 'workflow_id' is null then format('project %s''s own audit trail', h.x ->> 'project_id')
                  else 'the workflow''s audit trail' end as trail
      from jsonb_array_elements(v_chains) as h(x)
    ) a
    left join public.workflow_version_events e
      on e.id = a.head_id
     and (e.workflow_id = a.workflow_id or (a.workflow_id is null and e.workflow_id is null and e.project_id = a.project_id))
    where e.hash is distinct from a.head_hash;
end;
$$;
comment on function public.verify_audit_anchor(jsonb) is
  'Operators: checks an anchor taken earlier with audit_chain_heads() (its rows as a JSON array, or {"chains": [...]}) against the audit trail; one row (check_name audit_anchor) per anchored head event that is missing or has another hash; no rows = the trail still contains what was anchored. Errors: 22023 malformed anchor. service_role and postgres only; `npm run db:check -- --verify-anchor <file>`.';

revoke all on function public.verify_audit_anchor(jsonb) from public, anon, authenticated;
grant execute on function public.verify_audit_anchor(jsonb) to service_role;
