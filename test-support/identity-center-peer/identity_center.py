"""IAM Identity Center's state and operations for the test peer: client registrations, device and
authorization-code grants (PKCE S256), sign-in sessions with their access and refresh tokens, account
and role assignments, throttling, and the counters tests assert on. No HTTP here (identity_center_peer.py).

Role credentials come from a RoleCredentialIssuer that the host process provides (moto_peer.py mints
them as moto assumed-role sessions), so they are real credentials of the STS peer.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field, fields
from typing import Any, Callable, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
AUTH_CODE_GRANT = "authorization_code"
REFRESH_GRANT = "refresh_token"
GRANT_TYPES = {DEVICE_GRANT, AUTH_CODE_GRANT, REFRESH_GRANT}
# The scope that makes CreateToken issue a refresh token, as in AWS.
REFRESH_SCOPE = "sso:account:access"
BEARER_HEADER = "x-amz-sso_bearer_token"
MAX_PAGE = 100
DEFAULT_PAGE = 20


class RoleCredentialIssuer(Protocol):
    def __call__(self, account_id: str, role_name: str, session_name: str, duration_seconds: int) -> dict[str, Any]:
        """Returns {accessKeyId, secretAccessKey, sessionToken, expiration: naive UTC datetime}."""
        ...


# ---------------------------------------------------------------- errors


class OidcError(Exception):
    """An SSO OIDC error: x-amzn-ErrorType names the shape, the body carries OAuth's error/error_description."""

    def __init__(self, shape: str, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.shape, self.error, self.description, self.status = shape, error, description, status

    def body(self) -> dict[str, Any]:
        return {"error": self.error, "error_description": self.description}


class PortalError(Exception):
    """An SSO portal error: x-amzn-ErrorType names the shape, the body carries a message."""

    def __init__(self, shape: str, message: str, status: int) -> None:
        super().__init__(message)
        self.shape, self.message, self.status = shape, message, status

    def body(self) -> dict[str, Any]:
        return {"message": self.message}


def invalid_request(description: str) -> OidcError:
    return OidcError("InvalidRequestException", "invalid_request", description)


def invalid_client(description: str) -> OidcError:
    return OidcError("InvalidClientException", "invalid_client", description, 401)


def invalid_grant(description: str) -> OidcError:
    return OidcError("InvalidGrantException", "invalid_grant", description)


def unauthorized() -> PortalError:
    return PortalError("UnauthorizedException", "Session token not found or invalid", 401)


def portal_invalid(message: str) -> PortalError:
    return PortalError("InvalidRequestException", message, 400)


def no_access() -> PortalError:
    # Not in the service model, but what the portal answers for an account or role not assigned.
    return PortalError("ForbiddenException", "No access", 403)


class ControlError(Exception):
    pass


# ---------------------------------------------------------------- state


@dataclass
class Settings:
    """Lifetimes and knobs; tests change them through POST /__peer/sso/settings (camelCase names)."""

    access_token_seconds: int = 8 * 3600
    refresh_token_seconds: int = 90 * 86400
    registration_seconds: int = 90 * 86400
    device_code_seconds: int = 600
    auth_code_seconds: int = 300
    device_interval_seconds: int = 1
    role_credential_seconds: int = 3600
    # Requests per second across the portal APIs; None: no throttling.
    portal_requests_per_second: float | None = None
    # False: a refresh token works once and the refresh returns its successor (rotation).
    refresh_token_reuse: bool = False
    # False: a refresh answers without a refresh token, and the one it was given stays valid (AWS may
    # not rotate it; clients must keep the old one).
    rotate_refresh_tokens: bool = True
    user_name: str = "airlock-user"

    def as_json(self) -> dict[str, Any]:
        return {_camel(f.name): getattr(self, f.name) for f in fields(self)}

    def update(self, changes: dict[str, Any]) -> None:
        known = {_camel(f.name): f.name for f in fields(self)}
        for key, value in changes.items():
            if key not in known:
                raise ControlError(f"unknown setting {key}; known: {sorted(known)}")
            setattr(self, known[key], value)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@dataclass
class Client:
    client_id: str
    client_secret: str
    name: str
    scopes: list[str]
    grant_types: list[str]
    redirect_uris: list[str]
    expires_at: datetime.datetime


@dataclass
class DeviceGrant:
    device_code: str
    user_code: str
    client_id: str
    expires_at: datetime.datetime
    status: str = "pending"  # pending | approved | denied | redeemed
    user: str | None = None
    last_poll: float | None = None


@dataclass
class AuthRequest:
    """An /authorize request waiting for the user's decision."""

    request_id: str
    client_id: str
    redirect_uri: str
    state: str | None
    code_challenge: str
    scopes: list[str]
    decided: bool = False


@dataclass
class AuthCode:
    code: str
    client_id: str
    redirect_uri: str
    code_challenge: str
    scopes: list[str]
    user: str
    expires_at: datetime.datetime
    used: bool = False


@dataclass
class LoginSession:
    """One sign-in: its access and refresh tokens share it, and Logout or revoke ends it."""

    session_id: str
    client_id: str
    user: str
    scopes: list[str]
    ended: bool = False


@dataclass
class IssuedToken:
    token: str
    session: LoginSession
    expires_at: datetime.datetime
    used: bool = False


@dataclass
class Account:
    account_id: str
    name: str
    email: str
    roles: list[str]
    extra: bool = False


@dataclass
class Counters:
    requests: dict[str, int] = field(default_factory=dict)
    logins: int = 0
    refreshes: int = 0
    throttled: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "requests": dict(self.requests),
            "logins": self.logins,
            "refreshes": self.refreshes,
            "throttled": self.throttled,
        }


BASE_ACCOUNTS = [
    Account("123456789012", "airlock-dev", "dev@airlock.test", ["AdministratorAccess", "ReadOnlyAccess"]),
    Account("210987654321", "airlock-prod", "prod@airlock.test", ["ReadOnlyAccess"]),
]


def _pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _token(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(48)


def _epoch(value: datetime.datetime) -> float:
    return value.replace(tzinfo=datetime.timezone.utc).timestamp()


def _redirect_matches(registered: str, requested: str) -> bool:
    """Exact match, except that a loopback URI registered without a port allows any port (RFC 8252 7.3)."""
    if registered == requested:
        return True
    reg, req = urlsplit(registered), urlsplit(requested)
    loopback = reg.hostname in ("127.0.0.1", "localhost", "::1") and reg.port is None
    return (
        loopback
        and reg.scheme == req.scheme == "http"
        and reg.hostname == req.hostname
        and reg.path == req.path
        and reg.query == req.query
    )


def _with_query(uri: str, params: dict[str, str | None]) -> str:
    parts = urlsplit(uri)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query += [(k, v) for k, v in params.items() if v is not None]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def _split_scopes(value: str | None) -> list[str]:
    if not value:
        return []
    return [s for s in value.replace(",", " ").split() if s]


class IdentityCenter:
    """All protocol state and the operations on it; thread-safe behind one lock."""

    def __init__(self, issuer: RoleCredentialIssuer, clock: Callable[[], datetime.datetime], start_url: str, region: str) -> None:
        self.issue_role_credentials = issuer
        self.clock = clock
        self.start_url = start_url
        self.region = region
        self.settings = Settings()
        self.counters = Counters()
        self.lock = threading.RLock()
        self.clients: dict[str, Client] = {}
        self.devices: dict[str, DeviceGrant] = {}
        self.auth_requests: dict[str, AuthRequest] = {}
        self.codes: dict[str, AuthCode] = {}
        self.access_tokens: dict[str, IssuedToken] = {}
        self.refresh_tokens: dict[str, IssuedToken] = {}
        self.sessions: dict[str, LoginSession] = {}
        self.accounts: list[Account] = list(BASE_ACCOUNTS)
        self.portal_calls: deque[float] = deque()
        # Portal requests still to refuse with 429 whatever the rate (POST /__peer/sso/throttle).
        self.throttle_next = 0

    def count(self, api: str) -> None:
        with self.lock:
            self.counters.requests[api] = self.counters.requests.get(api, 0) + 1

    def seed_json(self) -> dict[str, Any]:
        return {
            "startUrl": self.start_url,
            "region": self.region,
            "userName": self.settings.user_name,
            "accounts": [
                {"accountId": a.account_id, "accountName": a.name, "emailAddress": a.email, "roles": a.roles}
                for a in BASE_ACCOUNTS
            ],
        }

    # ------------------------------------------------------------ OIDC

    def authenticate_client(self, body: dict[str, Any]) -> Client:
        client = self.clients.get(str(body.get("clientId")))
        if client is None or not secrets.compare_digest(client.client_secret, str(body.get("clientSecret"))):
            raise invalid_client("Invalid client credentials")
        if self.clock() >= client.expires_at:
            raise invalid_client("Client registration has expired")
        return client

    def register_client(self, body: dict[str, Any]) -> dict[str, Any]:
        name, client_type = body.get("clientName"), body.get("clientType")
        if not name or not client_type:
            raise invalid_request("clientName and clientType are required")
        if client_type != "public":
            raise OidcError("InvalidClientMetadataException", "invalid_client_metadata", "clientType must be public")
        grant_types = body.get("grantTypes") or [DEVICE_GRANT, REFRESH_GRANT]
        unknown = [g for g in grant_types if g not in GRANT_TYPES]
        if unknown:
            raise OidcError("UnsupportedGrantTypeException", "unsupported_grant_type", f"Unsupported grant types: {unknown}")
        redirect_uris = body.get("redirectUris") or []
        if AUTH_CODE_GRANT in grant_types and not redirect_uris:
            raise OidcError("InvalidRedirectUriException", "invalid_redirect_uri", "authorization_code needs redirectUris")
        for uri in redirect_uris:
            parts = urlsplit(uri)
            if parts.scheme not in ("http", "https") or not parts.hostname or parts.fragment:
                raise OidcError("InvalidRedirectUriException", "invalid_redirect_uri", f"Invalid redirect URI: {uri}")
        now = self.clock()
        client = Client(
            client_id=_token("cid-"),
            client_secret=_token("cs-"),
            name=name,
            scopes=list(body.get("scopes") or []),
            grant_types=list(grant_types),
            redirect_uris=list(redirect_uris),
            expires_at=now + datetime.timedelta(seconds=self.settings.registration_seconds),
        )
        with self.lock:
            self.clients[client.client_id] = client
        return {
            "clientId": client.client_id,
            "clientSecret": client.client_secret,
            "clientIdIssuedAt": int(_epoch(now)),
            "clientSecretExpiresAt": int(_epoch(client.expires_at)),
        }

    def start_device_authorization(self, body: dict[str, Any], base_url: str) -> dict[str, Any]:
        client = self.authenticate_client(body)
        if not body.get("startUrl"):
            raise invalid_request("startUrl is required")
        if str(body["startUrl"]).rstrip("/") != self.start_url.rstrip("/"):
            raise invalid_request(f"Unknown start URL {body['startUrl']}")
        if DEVICE_GRANT not in client.grant_types:
            raise OidcError("UnauthorizedClientException", "unauthorized_client", "Client is not registered for the device grant")
        alphabet = "BCDFGHJKLMNPQRSTVWXZ"
        user_code = "".join(secrets.choice(alphabet) for _ in range(4)) + "-" + "".join(secrets.choice(alphabet) for _ in range(4))
        grant = DeviceGrant(
            device_code=_token("dc-"),
            user_code=user_code,
            client_id=client.client_id,
            expires_at=self.clock() + datetime.timedelta(seconds=self.settings.device_code_seconds),
        )
        with self.lock:
            self.devices[grant.device_code] = grant
        return {
            "deviceCode": grant.device_code,
            "userCode": user_code,
            "verificationUri": f"{base_url}/device",
            "verificationUriComplete": f"{base_url}/device?user_code={user_code}",
            "expiresIn": self.settings.device_code_seconds,
            "interval": self.settings.device_interval_seconds,
        }

    def create_token(self, body: dict[str, Any]) -> dict[str, Any]:
        grant_type = body.get("grantType")
        if not body.get("clientId") or not body.get("clientSecret") or not grant_type:
            raise invalid_request("clientId, clientSecret and grantType are required")
        client = self.authenticate_client(body)
        if grant_type not in GRANT_TYPES:
            raise OidcError("UnsupportedGrantTypeException", "unsupported_grant_type", f"Unsupported grant type {grant_type}")
        if grant_type not in client.grant_types:
            raise OidcError("UnauthorizedClientException", "unauthorized_client", f"Client is not registered for {grant_type}")
        with self.lock:
            if grant_type == DEVICE_GRANT:
                return self._redeem_device_code(client, body)
            if grant_type == AUTH_CODE_GRANT:
                return self._redeem_auth_code(client, body)
            return self._redeem_refresh_token(client, body)

    def _requested_scopes(self, body: dict[str, Any], allowed: list[str]) -> list[str]:
        requested = body.get("scope")
        if not requested:
            return list(allowed)
        if any(s not in allowed for s in requested):
            raise OidcError("InvalidScopeException", "invalid_scope", f"Scopes {requested} exceed {allowed}")
        return list(requested)

    def _redeem_device_code(self, client: Client, body: dict[str, Any]) -> dict[str, Any]:
        grant = self.devices.get(str(body.get("deviceCode")))
        if grant is None or grant.client_id != client.client_id:
            raise invalid_grant("Invalid device code provided")
        if grant.status == "redeemed":
            raise invalid_grant("Device code has already been used")
        if self.clock() >= grant.expires_at:
            raise OidcError("ExpiredTokenException", "expired_token", "Device code has expired")
        if grant.status == "denied":
            raise OidcError("AccessDeniedException", "access_denied", "The user denied the request")
        if grant.status == "pending":
            polled_at = time.monotonic()
            too_soon = grant.last_poll is not None and polled_at - grant.last_poll < self.settings.device_interval_seconds
            grant.last_poll = polled_at
            if too_soon:
                raise OidcError("SlowDownException", "slow_down", "Client is polling too fast")
            raise OidcError("AuthorizationPendingException", "authorization_pending", "Authorization is still pending")
        scopes = self._requested_scopes(body, client.scopes)
        grant.status = "redeemed"
        self.counters.logins += 1
        return self._issue(client, grant.user or self.settings.user_name, scopes)

    def _redeem_auth_code(self, client: Client, body: dict[str, Any]) -> dict[str, Any]:
        code = self.codes.get(str(body.get("code")))
        if code is None or code.client_id != client.client_id:
            raise invalid_grant("Invalid authorization code")
        if code.used:
            raise invalid_grant("Authorization code has already been used")
        code.used = True
        if self.clock() >= code.expires_at:
            raise invalid_grant("Authorization code has expired")
        if body.get("redirectUri") != code.redirect_uri:
            raise invalid_grant("redirectUri does not match the authorization request")
        verifier = body.get("codeVerifier")
        if not verifier or not secrets.compare_digest(_pkce_challenge(str(verifier)), code.code_challenge):
            raise invalid_grant("codeVerifier does not match the code challenge")
        scopes = self._requested_scopes(body, code.scopes)
        self.counters.logins += 1
        return self._issue(client, code.user, scopes)

    def _redeem_refresh_token(self, client: Client, body: dict[str, Any]) -> dict[str, Any]:
        issued = self.refresh_tokens.get(str(body.get("refreshToken")))
        if issued is None or issued.session.client_id != client.client_id or issued.session.ended:
            raise invalid_grant("Invalid refresh token provided")
        if issued.used and not self.settings.refresh_token_reuse:
            raise invalid_grant("Refresh token has already been used")
        if self.clock() >= issued.expires_at:
            raise invalid_grant("Refresh token has expired")
        scopes = self._requested_scopes(body, issued.session.scopes)
        rotate = self.settings.rotate_refresh_tokens
        # Not rotated: the caller's refresh token is the one to use next time, so it stays unused.
        issued.used = rotate
        self.counters.refreshes += 1
        return self._issue_tokens(issued.session, scopes, with_refresh=rotate)

    def _issue(self, client: Client, user: str, scopes: list[str]) -> dict[str, Any]:
        session = LoginSession(_token("s-"), client.client_id, user, scopes)
        self.sessions[session.session_id] = session
        return self._issue_tokens(session, scopes, with_refresh=REFRESH_SCOPE in scopes)

    def _issue_tokens(self, session: LoginSession, scopes: list[str], with_refresh: bool) -> dict[str, Any]:
        now = self.clock()
        access = IssuedToken(_token("aoa"), session, now + datetime.timedelta(seconds=self.settings.access_token_seconds))
        self.access_tokens[access.token] = access
        result: dict[str, Any] = {
            "accessToken": access.token,
            "tokenType": "Bearer",
            "expiresIn": self.settings.access_token_seconds,
        }
        if with_refresh:
            refresh = IssuedToken(_token("aor"), session, now + datetime.timedelta(seconds=self.settings.refresh_token_seconds))
            self.refresh_tokens[refresh.token] = refresh
            result["refreshToken"] = refresh.token
        return result

    # ------------------------------------------------------------ user approval

    def open_authorization(self, params: dict[str, str]) -> AuthRequest | str:
        """Validates an /authorize request. Returns the pending request, or a redirect carrying an error.
        Raises ControlError when the client or redirect URI is unknown (AWS shows an error page then)."""
        client = self.clients.get(params.get("client_id", ""))
        if client is None or self.clock() >= client.expires_at:
            raise ControlError("Unknown or expired client_id")
        redirect_uri = params.get("redirect_uri", "")
        if not any(_redirect_matches(registered, redirect_uri) for registered in client.redirect_uris):
            raise ControlError(f"redirect_uri {redirect_uri} is not registered for this client")
        state = params.get("state")

        def error(code: str) -> str:
            return _with_query(redirect_uri, {"error": code, "state": state})

        if AUTH_CODE_GRANT not in client.grant_types:
            return error("unauthorized_client")
        if params.get("response_type") != "code":
            return error("unsupported_response_type")
        if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
            return error("invalid_request")
        scopes = _split_scopes(params.get("scopes"))
        if any(s not in client.scopes for s in scopes):
            return error("invalid_scope")
        request = AuthRequest(_token("ar-"), client.client_id, redirect_uri, state, params["code_challenge"], scopes)
        with self.lock:
            self.auth_requests[request.request_id] = request
        return request

    def decide_authorization(self, request_id: str, allow: bool, user: str | None) -> str:
        with self.lock:
            request = self.auth_requests.get(request_id)
            if request is None or request.decided:
                raise ControlError("Unknown or already decided authorization request")
            request.decided = True
            if not allow:
                return _with_query(request.redirect_uri, {"error": "access_denied", "state": request.state})
            code = AuthCode(
                code=_token("ac-"),
                client_id=request.client_id,
                redirect_uri=request.redirect_uri,
                code_challenge=request.code_challenge,
                scopes=request.scopes,
                user=user or self.settings.user_name,
                expires_at=self.clock() + datetime.timedelta(seconds=self.settings.auth_code_seconds),
            )
            self.codes[code.code] = code
            return _with_query(request.redirect_uri, {"code": code.code, "state": request.state})

    def decide_device(self, user_code: str, allow: bool, user: str | None) -> None:
        with self.lock:
            grant = next((g for g in self.devices.values() if g.user_code == user_code.upper()), None)
            if grant is None or grant.status != "pending" or self.clock() >= grant.expires_at:
                raise ControlError(f"No pending device authorization with user code {user_code}")
            grant.status = "approved" if allow else "denied"
            grant.user = user or self.settings.user_name

    # ------------------------------------------------------------ portal

    def throttle(self) -> None:
        with self.lock:
            if self.throttle_next > 0:
                self.throttle_next -= 1
                self.counters.throttled += 1
                raise PortalError("TooManyRequestsException", "Rate exceeded", 429)
            limit = self.settings.portal_requests_per_second
            if limit is None:
                return
            now = time.monotonic()
            while self.portal_calls and now - self.portal_calls[0] >= 1.0:
                self.portal_calls.popleft()
            if len(self.portal_calls) >= limit:
                self.counters.throttled += 1
                raise PortalError("TooManyRequestsException", "Rate exceeded", 429)
            self.portal_calls.append(now)

    def session_of(self, bearer: str | None) -> LoginSession:
        with self.lock:
            issued = self.access_tokens.get(bearer or "")
            if issued is None or issued.session.ended or self.clock() >= issued.expires_at:
                raise unauthorized()
            return issued.session

    def _account(self, account_id: str | None) -> Account:
        if not account_id:
            raise portal_invalid("account_id is required")
        account = next((a for a in self.accounts if a.account_id == account_id), None)
        if account is None:
            raise no_access()
        return account

    @staticmethod
    def _page(items: list[Any], kind: str, query: dict[str, str]) -> tuple[list[Any], str | None]:
        try:
            size = int(query.get("max_result") or DEFAULT_PAGE)
        except ValueError as error:
            raise portal_invalid("max_result must be a number") from error
        if not 1 <= size <= MAX_PAGE:
            raise portal_invalid(f"max_result must be between 1 and {MAX_PAGE}")
        start = 0
        if query.get("next_token"):
            try:
                token_kind, offset = base64.urlsafe_b64decode(query["next_token"]).decode().split(":")
                start = int(offset)
            except Exception as error:  # noqa: BLE001 - any undecodable token is an invalid one
                raise portal_invalid("Invalid next_token") from error
            if token_kind != kind or not 0 < start < len(items):
                raise portal_invalid("Invalid next_token")
        end = start + size
        next_token = base64.urlsafe_b64encode(f"{kind}:{end}".encode()).decode() if end < len(items) else None
        return items[start:end], next_token

    def list_accounts(self, query: dict[str, str]) -> dict[str, Any]:
        page, next_token = self._page(self.accounts, "accounts", query)
        result: dict[str, Any] = {
            "accountList": [{"accountId": a.account_id, "accountName": a.name, "emailAddress": a.email} for a in page]
        }
        if next_token:
            result["nextToken"] = next_token
        return result

    def list_account_roles(self, query: dict[str, str]) -> dict[str, Any]:
        account = self._account(query.get("account_id"))
        page, next_token = self._page(account.roles, f"roles-{account.account_id}", query)
        result: dict[str, Any] = {"roleList": [{"roleName": r, "accountId": account.account_id} for r in page]}
        if next_token:
            result["nextToken"] = next_token
        return result

    def get_role_credentials(self, session: LoginSession, query: dict[str, str]) -> dict[str, Any]:
        role_name = query.get("role_name")
        if not role_name:
            raise portal_invalid("role_name is required")
        account = self._account(query.get("account_id"))
        if role_name not in account.roles:
            raise no_access()
        minted = self.issue_role_credentials(
            account.account_id, role_name, session.user, self.settings.role_credential_seconds
        )
        return {
            "roleCredentials": {
                "accessKeyId": minted["accessKeyId"],
                "secretAccessKey": minted["secretAccessKey"],
                "sessionToken": minted["sessionToken"],
                "expiration": int(_epoch(minted["expiration"]) * 1000),
            }
        }

    def logout(self, session: LoginSession) -> None:
        with self.lock:
            session.ended = True

    # ------------------------------------------------------------ controls

    def seed_extra_accounts(self, count: int, roles_per_account: int) -> int:
        roles = ["AdministratorAccess", "ReadOnlyAccess"] + [f"PermissionSet{j:02d}" for j in range(3, roles_per_account + 1)]
        with self.lock:
            self.accounts = [a for a in self.accounts if not a.extra]
            for i in range(count):
                account_id = f"{400000000000 + i:012d}"
                self.accounts.append(
                    Account(account_id, f"scale-{i:04d}", f"scale-{i:04d}@airlock.test", roles[:roles_per_account], extra=True)
                )
            return len(self.accounts)

    def expire(self, kind: str, token: str | None) -> int:
        tables = {
            "accessTokens": self.access_tokens,
            "refreshTokens": self.refresh_tokens,
            "registrations": self.clients,
            "deviceCodes": self.devices,
            "authCodes": self.codes,
        }
        if kind not in tables:
            raise ControlError(f"unknown kind {kind}; known: {sorted(tables)}")
        past = self.clock() - datetime.timedelta(seconds=1)
        with self.lock:
            items = [tables[kind][token]] if token in tables[kind] else [] if token else list(tables[kind].values())
            for item in items:
                item.expires_at = past
            return len(items)

    def revoke(self, access_token: str | None) -> int:
        with self.lock:
            if access_token is None:
                sessions = list(self.sessions.values())
            else:
                issued = self.access_tokens.get(access_token)
                sessions = [issued.session] if issued else []
            for session in sessions:
                session.ended = True
            return len(sessions)
