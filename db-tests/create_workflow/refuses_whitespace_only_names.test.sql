-- Names made only of white space (tabs, newlines…) are refused; names are trimmed of all of it.
begin;
select plan(6);

select tests.setup_project('acme') as project \gset

-- TEST: a workflow name of tabs and newlines → 22023, nothing written
select tests.authenticate_as('acme_editor');
select throws_ok(format($$select public.create_workflow(project_id => %L, name => E'\t\n')$$, :'project'),
  '22023', null, 'tabs and newlines only → 22023');
select throws_ok(format($$select public.create_workflow(project_id => %L, name => E' \r\n\f ')$$, :'project'),
  '22023', null, 'mixed white space only → 22023');

-- TEST: surrounding white space of any kind is trimmed
select is((public.create_workflow(project_id => :'project', name => E'\t Order intake \n')).name, 'Order intake',
  'tabs and newlines around a name are trimmed');

-- TEST: the same for projects
select throws_ok($$select public.create_project(name => E'\n\t')$$, '22023', null, 'project name of white space → 22023');
select is((public.create_project(name => E'\tGlobex\n')).name, 'Globex', 'project names are trimmed too');

-- TEST: the table refuses such names from any writer, operators included
select tests.clear_authentication();
select throws_ok(format($$insert into public.workflows (project_id, name) values (%L, E'\t')$$, :'project'),
  '23514', null, 'a check constraint guards the table');

select * from finish();
rollback;
