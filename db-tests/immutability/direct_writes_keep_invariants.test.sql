-- Direct SQL (an operator, a script with the table owner's rights) cannot break what the RPCs keep:
-- the counter, the project of a workflow, the hash of a published version, a draft's verdict.
begin;
select plan(7);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.setup_workflow('acme', 'Order intake', 1) as wf \gset
select tests.clear_authentication();

-- TEST: the counter never jumps, and a new workflow starts at 0
select throws_ok(format($$update public.workflows set last_version_number = last_version_number + 5 where id = %L$$, :'wf'),
  'PT409', null, 'the counter cannot be moved by hand');
select throws_ok(format($$update public.workflows set last_version_number = last_version_number + 1 where id = %L$$, :'wf'),
  'PT409', null, 'not even by one: only a publish moves it');
select throws_ok(format($$insert into public.workflows (project_id, name, last_version_number) values (%L, 'x', 4)$$, :'project'),
  'PT409', null, 'a new workflow starts at 0');

-- TEST: a workflow cannot move to another tenant
select throws_ok(format($$update public.workflows set project_id = %L where id = %L$$, :'globex', :'wf'),
  'PT409', null, 'project_id never changes');

-- TEST: a published row carries its definition's hash, whatever the writer supplied
with h as (
  insert into public.workflow_versions (workflow_id, project_id, state, version_number, definition,
                                        definition_hash, published_at, published_by)
  values (:'wf', :'project', 'published', 2, '{"nodes": [], "edges": []}', repeat('0', 64), now(), tests.uid('acme_owner'))
  returning definition_hash)
select is((select definition_hash from h),
  encode(sha256(convert_to('{"nodes": [], "edges": []}'::jsonb::text, 'UTF8')), 'hex'),
  'a bogus hash is replaced by the definition''s');

-- TEST: a hand-written verdict on a draft is replaced by the database's own
select tests.authenticate_as('acme_editor');
select public.save_draft(workflow_id => :'wf', expected_revision => (public.create_draft(workflow_id => :'wf')).revision,
                         definition => '{"nodes": [], "edges": []}');
select tests.clear_authentication();
update public.workflow_versions set problems = '{"errors": [], "warnings": []}' where workflow_id = :'wf' and state = 'draft';
select ok((select problems -> 'errors' @> '[{"code": "trigger_missing"}]' from public.workflow_versions
           where workflow_id = :'wf' and state = 'draft'), 'the verdict is recomputed, not trusted');
select tests.authenticate_as('acme_publisher');
select throws_ok(format($$select public.publish_draft(workflow_id => %L)$$, :'wf'), 'PT422', null, 'so the invalid draft still cannot publish');

select * from finish();
rollback;
