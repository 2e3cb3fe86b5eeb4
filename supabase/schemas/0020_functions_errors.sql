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

-- The caller's user id, once the caller is known to be still allowed in. Access tokens are verified by
-- their signature alone (PostgREST, the app's /api routes), so a token outlives a sign-out, a ban or the
-- account's deletion until it expires; every RPC comes through here, so the database looks the caller up
-- on each call (docs/architecture.md, "Who is calling"): the account (auth.users, by primary key) and,
-- when the token names one, its session (auth.sessions, by primary key), in one query. A token without a
-- session_id claim (minted by an operator with the JWT secret) skips only the session part. Security
-- definer: the API roles cannot read the auth tables.
create or replace function private.require_user() returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
  v_claim text := auth.jwt() ->> 'session_id';
  v_session uuid;
  v_user_found boolean := false;
  v_deleted_at timestamptz;
  v_banned_until timestamptz;
  v_session_live boolean;
begin
  if v_uid is null then
    perform private.raise_error('42501', 'You must be signed in to do this',
      'Sign in and send the access token as "Authorization: Bearer <token>"');
  end if;
  -- A session_id that is not a uuid names no session (checked here: a failed cast would be a 22P02).
  if v_claim ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    v_session := v_claim::uuid;
  end if;
  select true, u.deleted_at, u.banned_until,
         v_claim is null or exists (select 1 from auth.sessions s where s.id = v_session and s.user_id = u.id)
    into v_user_found, v_deleted_at, v_banned_until, v_session_live
  from auth.users u
  where u.id = v_uid;
  if not coalesce(v_user_found, false) or v_deleted_at is not null then
    perform private.raise_error('42501', 'This account no longer exists',
      'The account this access token belongs to was deleted; sign in with another account');
  end if;
  if v_banned_until > now() then
    perform private.raise_error('42501', 'This account is suspended',
      'Ask an administrator of this service to lift the suspension; until then nothing can be done with this account');
  end if;
  if not v_session_live then
    perform private.raise_error('42501', 'Your session has ended',
      'Sign in again: this access token belongs to a session that was signed out or revoked');
  end if;
  return v_uid;
end;
$$;
comment on function private.require_user() is
  'The caller''s user id; raises 42501 when the request is not signed in, the account is deleted or banned, or the token''s session has ended.';
