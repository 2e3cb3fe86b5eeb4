-- Trigger functions shared by several tables.

-- updated_at follows every update.

create or replace function private.tg__set_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

-- History tables are append-only, and neither can be truncated.

create or replace function private.tg__refuse_history_rewrite() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform private.raise_error('PT409',
    format('%s is append-only history: %s is not allowed', tg_table_name, lower(tg_op)),
    'History is never rewritten; record a new event or publish a new version instead');
  return null;
end;
$$;
