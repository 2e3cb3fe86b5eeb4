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

create or replace function private.require_definition(definition jsonb) returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if definition is null or jsonb_typeof(definition) <> 'object' then
    perform private.raise_error('22023', 'definition must be a JSON object',
      'Send the workflow graph as {"nodes": [...], "edges": [...]}');
  end if;
  if octet_length(definition::text) > 1048576 then
    perform private.raise_error('PT413',
      format('The definition is %s bytes; the limit is 1 MiB (1048576 bytes)', octet_length(definition::text)),
      'Split the workflow or move large constants out of node configs');
  end if;
end;
$$;

create or replace function private.definition_hash(definition jsonb) returns text
language sql
immutable
set search_path = ''
as $$
  select encode(pg_catalog.sha256(convert_to(definition::text, 'UTF8')), 'hex')
$$;
comment on function private.definition_hash(jsonb) is 'sha256 hex of definition::text (jsonb''s canonical text).';
