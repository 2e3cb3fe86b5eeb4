-- check_workflow_integrity: the operators' invariant checker (npm run db:check). One row per
-- violation of the versioning invariants, for one workflow or all of them; no rows = healthy.
-- The triggers and constraints of the table files keep these invariants for every writer; this
-- function proves it after the fact (crash recovery, torture runs, restores, manual repairs), so it
-- re-checks from the rows alone and relies on no trigger having run.
--
-- Checks (check_name):
--   version_numbers_gapless   published numbers are exactly 1 .. workflows.last_version_number, once each
--   one_draft                 at most one draft per workflow
--   current_version           current_version_id is a published version of the same workflow
--   production_deployment     current_version_id equals the version deployed to production (both
--                             absent when production runs nothing)
--   deployment_version        every deployment points at a published version of its own workflow
--   project_matches           a version's project_id is its workflow's project_id
--   definition_hash           definition_hash = encode(sha256(convert_to(definition::text, 'UTF8')), 'hex')
--   publish_event             every published version has its `published` or `rolled_back` audit event,
--                             recording the same version number
--   audit_chain_gap           the audit trail's numbers run 1, 2, 3… without gaps (an event was deleted)
--   audit_chain_link          each event names the previous event's hash (events reordered, inserted, or
--                             altered and re-hashed)
--   audit_event_hash          each event's hash is the hash of its content (an event was altered)
--                             The audit checks cover every chain of the workflow, or with no workflow_id
--                             every chain (project-level ones too: reported with workflow_id null).
--                             The last events of a chain, deleted, leave no trace in the chain itself:
--                             keep audit_chain_heads() elsewhere and check it with verify_audit_anchor (1910).
--
-- Cost: one pass over the workflow's versions and their events per check (index scans when a
-- workflow_id is given); hashing reads every published definition, so a full run on a big database
-- takes as long as reading the definitions once.

create or replace function public.check_workflow_integrity(workflow_id uuid default null)
returns table (workflow_id uuid, version_id uuid, check_name text, detail text)
language sql
stable
security definer
set search_path = ''
as $$
  with
  wf as (
    select w.id, w.project_id, w.current_version_id, w.last_version_number
    from public.workflows w
    where check_workflow_integrity.workflow_id is null or w.id = check_workflow_integrity.workflow_id
  ),
  pub as (
    select v.id, v.workflow_id, v.version_number,
           lag(v.version_number) over (partition by v.workflow_id order by v.version_number, v.id) as previous_number
    from public.workflow_versions v
    join wf on wf.id = v.workflow_id
    where v.state = 'published'
  ),
  top as (
    select wf.id as workflow_id, wf.last_version_number, max(pub.version_number) as max_number, count(pub.id) as published
    from wf left join pub on pub.workflow_id = wf.id
    group by wf.id, wf.last_version_number
  ),
  -- The first published/rolled_back event of each version (one hash join, not a lookup per version).
  ev as (
    select distinct on (e.version_id) e.version_id, e.id, e.action, e.details
    from public.workflow_version_events e
    join wf on wf.id = e.workflow_id
    where e.action in ('published', 'rolled_back')
    order by e.version_id, e.id
  )
  -- ── version_numbers_gapless ─────────────────────────────────────────────────────────────────────
  select pub.workflow_id, null::uuid, 'version_numbers_gapless',
         case when pub.version_number - 1 = 1 then 'version 1 is missing'
              else format('versions 1 to %s are missing', pub.version_number - 1) end
  from pub where pub.previous_number is null and pub.version_number > 1
  union all
  select pub.workflow_id, null::uuid, 'version_numbers_gapless',
         case when pub.previous_number + 1 = pub.version_number - 1 then format('version %s is missing', pub.previous_number + 1)
              else format('versions %s to %s are missing', pub.previous_number + 1, pub.version_number - 1) end
  from pub where pub.version_number > pub.previous_number + 1
  union all
  select pub.workflow_id, pub.id, 'version_numbers_gapless', format('version number %s is used more than once', pub.version_number)
  from pub where pub.version_number = pub.previous_number
  union all
  select pub.workflow_id, pub.id, 'version_numbers_gapless', 'a published version has no version number'
  from pub where pub.version_number is null
  union all
  select top.workflow_id, null::uuid, 'version_numbers_gapless',
         format('the counter last_version_number is %s but the highest published version is %s (%s published)',
                top.last_version_number, coalesce(top.max_number, 0), top.published)
  from top where coalesce(top.max_number, 0) <> top.last_version_number
  -- ── one_draft ───────────────────────────────────────────────────────────────────────────────────
  union all
  select d.workflow_id, d.id, 'one_draft', format('the workflow has %s drafts; at most one is allowed', d.drafts)
  from (
    select v.workflow_id, v.id, count(*) over (partition by v.workflow_id) as drafts
    from public.workflow_versions v
    join wf on wf.id = v.workflow_id
    where v.state = 'draft'
  ) d
  where d.drafts > 1
  -- ── current_version ─────────────────────────────────────────────────────────────────────────────
  union all
  select wf.id, wf.current_version_id, 'current_version',
         case when cv.id is null then format('current_version_id %s does not exist', wf.current_version_id)
              when cv.workflow_id <> wf.id then format('current_version_id %s belongs to workflow %s', cv.id, cv.workflow_id)
              else format('current_version_id %s is a %s, not a published version', cv.id, cv.state) end
  from wf left join public.workflow_versions cv on cv.id = wf.current_version_id
  where wf.current_version_id is not null
    and (cv.id is null or cv.workflow_id <> wf.id or cv.state <> 'published')
  -- ── production_deployment ───────────────────────────────────────────────────────────────────────
  union all
  select wf.id, coalesce(pd.version_id, wf.current_version_id), 'production_deployment',
         format('current_version_id is %s but production runs %s',
                coalesce(wf.current_version_id::text, 'not set'), coalesce(pd.version_id::text, 'nothing'))
  from wf left join public.workflow_deployments pd on pd.workflow_id = wf.id and pd.environment = 'production'
  where wf.current_version_id is distinct from pd.version_id
  -- ── deployment_version ──────────────────────────────────────────────────────────────────────────
  union all
  select d.workflow_id, d.version_id, 'deployment_version',
         case when dv.id is null then format('the %s deployment points at version %s, which does not exist', d.environment, d.version_id)
              when dv.workflow_id <> d.workflow_id then format('the %s deployment points at version %s of workflow %s', d.environment, dv.id, dv.workflow_id)
              else format('the %s deployment points at a %s, not a published version', d.environment, dv.state) end
  from public.workflow_deployments d
  join wf on wf.id = d.workflow_id
  left join public.workflow_versions dv on dv.id = d.version_id
  where dv.id is null or dv.workflow_id <> d.workflow_id or dv.state <> 'published'
  -- ── project_matches ─────────────────────────────────────────────────────────────────────────────
  union all
  select v.workflow_id, v.id, 'project_matches',
         format('the version''s project_id %s is not its workflow''s project %s', v.project_id, wf.project_id)
  from public.workflow_versions v
  join wf on wf.id = v.workflow_id
  where v.project_id <> wf.project_id
  -- ── definition_hash ─────────────────────────────────────────────────────────────────────────────
  union all
  select h.workflow_id, h.id, 'definition_hash',
         case when h.definition_hash is null then format('published version %s has no definition_hash', h.version_number)
              else format('version %s: definition_hash %s does not match its definition (sha256 %s)',
                          h.version_number, h.definition_hash, h.actual) end
  from (
    select v.workflow_id, v.id, v.version_number, v.definition_hash,
           encode(pg_catalog.sha256(pg_catalog.convert_to(v.definition::text, 'UTF8')), 'hex') as actual
    from public.workflow_versions v
    join wf on wf.id = v.workflow_id
    where v.state = 'published'
  ) h
  where h.definition_hash is distinct from h.actual
  -- ── publish_event ───────────────────────────────────────────────────────────────────────────────
  union all
  select v.workflow_id, v.id, 'publish_event',
         case when e.id is null then format('published version %s has no published or rolled_back event', v.version_number)
              else format('the %s event %s records version number %s, the version has %s',
                          e.action, e.id, e.details ->> 'version_number', v.version_number) end
  from public.workflow_versions v
  join wf on wf.id = v.workflow_id
  left join ev e on e.version_id = v.id
  where v.state = 'published'
    and (e.id is null
         or (e.details ? 'version_number' and e.details ->> 'version_number' is distinct from v.version_number::text))
  -- ── audit_chain_gap, audit_chain_link, audit_event_hash ────────────────────────────────────────
  -- One pass over the chains in number order: each event against the one before it in its chain.
  union all
  select c.workflow_id, x.version_id, x.check_name, x.detail
  from (
    select e.workflow_id, e.version_id, e.id, e.action, e.previous_hash, e.hash,
           private.event_hash(e) as computed,
           lag(e.id) over chain as prior_id,
           lag(e.hash) over chain as prior_hash,
           case when e.workflow_id is null then format('project %s''s own audit trail', e.project_id)
                else 'the workflow''s audit trail' end as trail
    from public.workflow_version_events e
    where check_workflow_integrity.workflow_id is null or e.workflow_id = check_workflow_integrity.workflow_id
    window chain as (partition by e.workflow_id, case when e.workflow_id is null then e.project_id end order by e.id)
  ) c
  cross join lateral (values
    (c.id > coalesce(c.prior_id, 0) + 1, null::uuid, 'audit_chain_gap',
     case when c.id = coalesce(c.prior_id, 0) + 2 then format('event %s of %s is missing (deleted)', c.id - 1, c.trail)
          else format('events %s to %s of %s are missing (deleted)', coalesce(c.prior_id, 0) + 1, c.id - 1, c.trail) end),
    (c.id = coalesce(c.prior_id, 0) + 1 and c.previous_hash is distinct from c.prior_hash, c.version_id, 'audit_chain_link',
     case when c.prior_id is null
          then format('event %s (%s) of %s starts the trail but names a previous event: the trail was rewritten', c.id, c.action, c.trail)
          else format('event %s (%s) of %s does not follow event %s: the trail was rewritten before it', c.id, c.action, c.trail, c.prior_id) end),
    (c.hash is distinct from c.computed, c.version_id, 'audit_event_hash',
     format('event %s (%s) of %s was altered: its content no longer matches its hash', c.id, c.action, c.trail))
  ) as x(failed, version_id, check_name, detail)
  where x.failed
$$;
comment on function public.check_workflow_integrity(uuid) is
  'Operators: the versioning invariants, re-checked from the rows. One row per violation (check_name: version_numbers_gapless, one_draft, current_version, production_deployment, deployment_version, project_matches, definition_hash, publish_event, audit_chain_gap, audit_chain_link, audit_event_hash; audit rows of a project''s own events have workflow_id null); no rows = healthy. workflow_id limits it to one workflow. service_role and postgres only; run it with `npm run db:check`.';

revoke all on function public.check_workflow_integrity(uuid) from public, anon, authenticated;
grant execute on function public.check_workflow_integrity(uuid) to service_role;
