-- The single error path. PostgREST turns SQLSTATE PTxyz into HTTP xyz, 42501 into 401 (anonymous) or
-- 403, and class 22 into 400 (docs/architecture.md, "Errors"); every error carries a hint.

create or replace function private.raise_error(
  code text,
  message text,
  hint text,
  detail text default null
) returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  -- RAISE refuses a null option, and an empty DETAIL would reach clients as "details": "".
  if raise_error.detail is null then
    raise exception using errcode = raise_error.code, message = raise_error.message, hint = raise_error.hint;
  end if;
  raise exception using
    errcode = raise_error.code, message = raise_error.message, hint = raise_error.hint, detail = raise_error.detail;
end;
$$;
comment on function private.raise_error(text, text, text, text) is
  'Raises an error with the SQLSTATE, message, hint and optional detail given; the single path for RPC errors.';

create or replace function private.require_user() returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
begin
  if v_uid is null then
    perform private.raise_error('42501', 'You must be signed in to do this',
      'Sign in and send the access token as "Authorization: Bearer <token>"');
  end if;
  return v_uid;
end;
$$;
comment on function private.require_user() is 'The caller''s user id; raises 42501 when the request is not signed in.';
