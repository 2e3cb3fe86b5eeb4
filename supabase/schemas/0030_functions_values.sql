-- Small pure helpers for values the RPCs accept: names, definitions and their hash.

create or replace function private.clean_name(name text) returns text
language sql
immutable
set search_path = ''
as $$
  -- ASCII white space only, spelled out: [[:space:]] would depend on the database's locale.
  select nullif(regexp_replace(name, '^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$', '', 'g'), '')
$$;
comment on function private.clean_name(text) is
  'The name without leading and trailing white space (space, tab, newline, CR, FF, VT), or null when nothing else is left.';

-- A definition nests at most 64 levels of arrays and objects (the root object is level 1): deeper JSON
-- is a denial of service waiting to happen for every reader that walks it recursively. The check is one
-- jsonpath call in C that looks at the first 65 levels only (`.**{64}`: the containers 64 levels below
-- the root), so a 3,000-level document costs no more than a 65-level one. It raises (22023, with a hint)
-- so that the versions table's trigger (0140) answers every writer, operators included, as the RPCs do.

create or replace function private.require_definition_depth(definition jsonb) returns boolean
language plpgsql
immutable
set search_path = ''
as $$
begin
  if jsonb_path_exists(definition, 'strict $.**{64} ? (@.type() == "object" || @.type() == "array")') then
    perform private.raise_error('22023',
      'The definition nests arrays and objects more than 64 levels deep; the limit is 64 levels',
      'Flatten the deepest node configs (the root object counts as level 1)');
  end if;
  return true;
end;
$$;
comment on function private.require_definition_depth(jsonb) is
  'True when the definition nests at most 64 levels of arrays and objects (root = level 1); raises 22023 otherwise.';

-- A definition is a JSON object of at most 1 MiB of jsonb text nesting at most 64 levels. The versions
-- table's trigger (0140) applies these rules to every new or changed definition, for every writer, and
-- hashes the text form they measured; RPCs that take a definition check it first.

create or replace function private.require_definition_object(definition jsonb) returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if definition is null or jsonb_typeof(definition) <> 'object' then
    perform private.raise_error('22023', 'definition must be a JSON object',
      'Send the workflow graph as {"nodes": [...], "edges": [...]}');
  end if;
end;
$$;

create or replace function private.checked_definition_text(definition jsonb) returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_text text;
begin
  perform private.require_definition_object(definition);
  v_text := definition::text;
  if octet_length(v_text) > 1048576 then
    perform private.raise_error('PT413',
      format('The definition is %s bytes; the limit is 1 MiB (1048576 bytes)', octet_length(v_text)),
      'Split the workflow or move large constants out of node configs');
  end if;
  perform private.require_definition_depth(definition);
  return v_text;
end;
$$;
comment on function private.checked_definition_text(jsonb) is
  'The definition''s jsonb text, once it is known to be an object (22023) of at most 1 MiB (PT413) nesting at most 64 levels (22023).';

create or replace function private.require_definition(definition jsonb) returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  perform private.checked_definition_text(definition);
end;
$$;

create or replace function private.text_hash(text text) returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  return encode(pg_catalog.sha256(convert_to(text_hash.text, 'UTF8')), 'hex');
end;
$$;
comment on function private.text_hash(text) is 'sha256 hex of the text''s UTF-8 bytes.';

create or replace function private.definition_hash(definition jsonb) returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  return private.text_hash(definition::text);
end;
$$;
comment on function private.definition_hash(jsonb) is 'sha256 hex of definition::text (jsonb''s canonical text).';

