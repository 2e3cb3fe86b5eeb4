-- Stored verdicts are reused while the node types and the validation rules are the same: a copy of a
-- published version keeps its verdict, and so does a save that leaves the graph facts as they were. The
-- rules are identified by a tag in private.node_types_fingerprint (0120). This test pins the validator's
-- source to that tag, so a change to the validator fails here until the tag is bumped (which makes every
-- stored verdict be computed again) and the new source hash is written below.
begin;
select plan(2);

-- TEST: the validator is the one the tag stands for
select is(
  (select md5(string_agg(p.prosrc, E'\n' order by p.proname))
   from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
   where n.nspname = 'private'
     and p.proname in ('definition_shape_problems', 'definition_problems', 'graph_walk', 'definition_graph_hash')),
  'a0db96a8083743c2e861b2d806401863',
  'the validator''s source is the one tagged "validation rules v1": after changing it, bump the tag in private.node_types_fingerprint and write the new hash here');

-- TEST: and the tag is the one the hash above was pinned with
select ok(
  (select p.prosrc like '%''validation rules v1;''%' from pg_catalog.pg_proc p
   where p.oid = 'private.node_types_fingerprint()'::regprocedure),
  'the rules tag is "validation rules v1"');

select * from finish();
rollback;
