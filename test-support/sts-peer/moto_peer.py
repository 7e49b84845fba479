"""The STS peer for tests: moto's server with auth enforced, seeded in-process, and patched where
moto departs from AWS (session/federation tokens, MFA, SAML with several roles, web identity,
token expiry, clock skew).

Run: python3 moto_peer.py --port 0 --oidc-issuer URL --oidc-audience AUD --oidc-key KEY
Prints ONE JSON line on stdout once the sockets are listening:
{"port": N, "accountId": ..., "seed": {...}, "identityCenter": {"oidcPort": N, "portalPort": N, ...}}.

The same process serves the IAM Identity Center peer (../identity-center-peer) on two more ports; its
GetRoleCredentials mints moto assumed-role sessions here, so they pass the STS peer's checks.

Seeding happens in-process against moto's backends BEFORE serving, so no request is ever served
unauthenticated (INITIAL_NO_AUTH_ACTION_COUNT=0): every signed call is checked (SigV4 signature,
session token, expiry, IAM policy). AssumeRoleWithSAML / AssumeRoleWithWebIdentity are unsigned
in AWS too; the peer checks the assertion / JWT instead.

Control endpoint (not an AWS API): GET/POST /__peer/clock with JSON {"skewSeconds": N} shifts the
peer's clock (request-time window, Date header, expirations) so fault tests can fake clock skew or
fast-forward past an expiry.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import hashlib
import hmac
import json
import os
import signal
import struct
import sys
import threading
import time
from email.utils import formatdate
from dataclasses import dataclass
from typing import Any

# Must be set before moto reads its settings: enforce auth from the very first request.
os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = "0"
os.environ.setdefault("MOTO_ALLOW_NONEXISTENT_REGION", "true")

import xmltodict  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402
from werkzeug.serving import WSGIRequestHandler, make_server  # noqa: E402

from moto import settings  # noqa: E402
from moto.core import DEFAULT_ACCOUNT_ID  # noqa: E402
from moto.core.authorization import ActionAuthenticatorMixin  # noqa: E402
from moto.core.exceptions import _RESTError  # noqa: E402
from moto.core.responses import ActionResult  # noqa: E402
from moto.iam import access_control  # noqa: E402
from moto.iam.access_control import (  # noqa: E402
    CreateAccessKeyFailure,
    IAMPolicyStatement,
    IAMRequestBase,
    IAMUserAccessKey,
)
from moto.iam.models import get_account_id_from, iam_backends  # noqa: E402
from moto.iam import policy_conditions  # noqa: E402
from moto.moto_server.werkzeug_app import (  # noqa: E402
    DomainDispatcherApplication,
    create_backend_app,
)
from moto.sts import models as sts_models  # noqa: E402
from moto.sts.models import AssumedRole, sts_backends  # noqa: E402
from moto.sts.responses import TokenResponse  # noqa: E402
from moto.sts.utils import random_session_token  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "identity-center-peer"))
from identity_center import IdentityCenter  # noqa: E402
from identity_center_peer import serve as serve_identity_center  # noqa: E402

settings.INITIAL_NO_AUTH_ACTION_COUNT = 0

ACCOUNT = DEFAULT_ACCOUNT_ID
PARTITION = "aws"
REGION = "us-east-1"
# AWS rejects a SigV4 request whose X-Amz-Date is more than 5 minutes off its own clock.
SIGNATURE_WINDOW = datetime.timedelta(minutes=5)


# ---------------------------------------------------------------- clock


class PeerClock:
    """The peer's notion of now: real UTC plus a skew that the control endpoint can change."""

    def __init__(self, skew_seconds: float) -> None:
        self.skew_seconds = skew_seconds

    def now(self) -> datetime.datetime:
        # moto stores naive UTC datetimes; keep the same convention.
        return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) + datetime.timedelta(
            seconds=self.skew_seconds
        )


CLOCK = PeerClock(0)
# moto's AssumedRole computes Expiration from this name; route it through the peer clock.
sts_models.utcnow = CLOCK.now  # type: ignore[assignment]


# ---------------------------------------------------------------- errors


class PeerError(_RESTError):
    """An AWS-shaped error (query protocol XML) with a chosen code, status and message."""

    def __init__(self, status: int, error_type: str, message: str) -> None:
        self.code = status
        super().__init__(error_type, message)


def access_denied(message: str) -> PeerError:
    return PeerError(403, "AccessDenied", message)


def validation_error(message: str) -> PeerError:
    return PeerError(400, "ValidationError", message)


MFA_FAILED = "MultiFactorAuthentication failed with invalid MFA one time pass code. "


# ---------------------------------------------------------------- TOTP (RFC 6238)


def totp(secret_base32: str, at: float, step_offset: int = 0) -> str:
    padded = secret_base32.upper() + "=" * (-len(secret_base32) % 8)
    key = base64.b32decode(padded)
    counter = int(at // 30) + step_offset
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def iam() -> Any:
    return iam_backends[ACCOUNT][PARTITION]


def sts() -> Any:
    return sts_backends[ACCOUNT][PARTITION]


# ---------------------------------------------------------------- issued session credentials


@dataclass
class IssuedSession:
    """Credentials from GetSessionToken / GetFederationToken, which moto does not register itself."""

    access_key_id: str
    secret_access_key: str
    session_token: str
    expiration: datetime.datetime
    user_name: str
    mfa_authenticated: bool
    federated_name: str | None = None
    policy: str | None = None

    @property
    def arn(self) -> str:
        if self.federated_name is not None:
            return f"arn:{PARTITION}:sts::{ACCOUNT}:federated-user/{self.federated_name}"
        return iam().get_user(self.user_name).arn

    @property
    def user_id(self) -> str:
        if self.federated_name is not None:
            return f"{ACCOUNT}:{self.federated_name}"
        return iam().get_user(self.user_name).id


ISSUED: dict[str, IssuedSession] = {}
ISSUED_LOCK = threading.Lock()


class IssuedSessionAccessKey:
    """Plugs an IssuedSession into moto's access control (signature, token, identity, policies)."""

    def __init__(self, issued: IssuedSession, headers: Any) -> None:
        if headers.get("X-Amz-Security-Token") != issued.session_token:
            raise CreateAccessKeyFailure(reason="InvalidToken")
        self.issued = issued
        self.account_id = ACCOUNT
        self.partition = PARTITION
        self._owner_user_name = issued.user_name

    @property
    def backend(self) -> Any:
        return iam()

    @property
    def arn(self) -> str:
        return self.issued.arn

    def create_credentials(self) -> Credentials:
        i = self.issued
        return Credentials(i.access_key_id, i.secret_access_key, i.session_token)

    def collect_policies(self) -> list[Any]:
        if self.issued.federated_name is not None:
            # AWS: a federated session has the intersection of the user's and the session policy;
            # moto can only OR policies, so the session policy alone bounds it (none → no access).
            return [self.issued.policy] if self.issued.policy else []
        return IAMUserAccessKey.collect_policies(self)  # type: ignore[arg-type]


_original_create_access_key = access_control.create_access_key


def create_access_key(account_id: str, partition: str, access_key_id: str, headers: Any) -> Any:
    with ISSUED_LOCK:
        issued = ISSUED.get(access_key_id)
    if issued is not None:
        return IssuedSessionAccessKey(issued, headers)
    return _original_create_access_key(account_id, partition, access_key_id, headers)


access_control.create_access_key = create_access_key  # type: ignore[assignment]


def long_term_user(access_key_id: str) -> Any:
    return iam().get_user_from_access_key_id(access_key_id)


def caller_user_name(access_key_id: str) -> str | None:
    user = long_term_user(access_key_id)
    if user is not None:
        return user.name
    with ISSUED_LOCK:
        issued = ISSUED.get(access_key_id)
    return issued.user_name if issued is not None else None


def assumed_role_for(access_key_id: str) -> AssumedRole | None:
    # Sessions of another account's role (Identity Center's accounts) live in that account's backend.
    account = get_account_id_from(access_key_id)
    return sts_backends[account][PARTITION].get_assumed_role_from_access_key(access_key_id)


# ---------------------------------------------------------------- auth wrapper

UNSIGNED_ACTIONS = {"AssumeRoleWithSAML", "AssumeRoleWithWebIdentity"}
_original_authenticate = ActionAuthenticatorMixin._authenticate_and_authorize_action


def _format_amz_date(value: datetime.datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%SZ")


def authenticate(self: Any, iam_request_cls: type, resource: str = "*") -> None:
    action = self._get_action()
    if action in UNSIGNED_ACTIONS:
        return
    if "Authorization" not in self.headers:
        raise PeerError(403, "MissingAuthenticationToken", "Request is missing Authentication Token")
    now = CLOCK.now()
    amz_date = self.headers.get("X-Amz-Date")
    if amz_date:
        signed_at = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")
        if signed_at < now - SIGNATURE_WINDOW:
            raise PeerError(
                403,
                "SignatureDoesNotMatch",
                f"Signature expired: {amz_date} is now earlier than "
                f"{_format_amz_date(now - SIGNATURE_WINDOW)} ({_format_amz_date(now)} - 5 min.)",
            )
        if signed_at > now + SIGNATURE_WINDOW:
            raise PeerError(
                403,
                "SignatureDoesNotMatch",
                f"Signature not yet current: {amz_date} is still later than "
                f"{_format_amz_date(now + SIGNATURE_WINDOW)} ({_format_amz_date(now)} + 5 min.)",
            )
    _original_authenticate(self, iam_request_cls, resource)
    # Signature and token are valid; AWS then refuses temporary credentials past their expiry.
    access_key_id = self.get_access_key()
    with ISSUED_LOCK:
        issued = ISSUED.get(access_key_id)
    expiration = issued.expiration if issued else None
    role = assumed_role_for(access_key_id) if issued is None else None
    if role is not None:
        expiration = role.expiration
    if expiration is not None and now >= expiration:
        raise PeerError(403, "ExpiredToken", "The security token included in the request is expired")


ActionAuthenticatorMixin._authenticate_and_authorize_action = authenticate  # type: ignore[method-assign]


# ---------------------------------------------------------------- trust policies


def _principal_matches(expected: str, principal: str) -> bool:
    if expected in ("*", principal):
        return True
    # "arn:aws:iam::ACCOUNT:root" trusts every principal of that account, as in AWS.
    if expected.endswith(":root"):
        account = expected.split(":")[4]
        return principal.split(":")[4] == account
    # A role ARN in a trust policy matches that role's sessions (role chaining).
    if ":role/" in expected:
        account = expected.split(":")[4]
        role_name = expected.split("/")[-1]
        return principal.startswith(f"arn:{PARTITION}:sts::{account}:assumed-role/{role_name}/")
    return False


def check_principal(self: Any, principal: str) -> bool:
    expected = self._statement.get("Principal")
    if not expected:
        return True
    if expected == "*":
        return True
    aws = expected.get("AWS") if isinstance(expected, dict) else None
    if aws is None:
        return False
    candidates = aws if isinstance(aws, list) else [aws]
    return any(_principal_matches(candidate, principal) for candidate in candidates)


IAMPolicyStatement._check_principal = check_principal  # type: ignore[method-assign]


def _bool_equals(expected: Any, actual: str) -> bool:
    values = expected if isinstance(expected, list) else [expected]
    return actual.lower() in [str(v).lower() for v in values]


policy_conditions.CONDITION_OPERATIONS["Bool"] = _bool_equals


def check_role_trust_relationship(self: Any, role_arn: str) -> bool:
    # moto passes only sts:ExternalId as context; add aws:MultiFactorAuthPresent so a trust policy
    # with {"Bool": {"aws:MultiFactorAuthPresent": "true"}} is enforced.
    data = self._data
    mfa_in_request = bool(data.get("SerialNumber")) and bool(data.get("TokenCode"))
    access_key = self._access_key
    mfa_session = isinstance(access_key, IssuedSessionAccessKey) and access_key.issued.mfa_authenticated
    incoming: dict[str, str] = {}
    if "ExternalId" in data:
        incoming["sts:ExternalId"] = data["ExternalId"][0]
    incoming["aws:MultiFactorAuthPresent"] = "true" if (mfa_in_request or mfa_session) else "false"
    role = self.backend.get_role_by_arn(role_arn)
    policy = access_control.IAMPolicy(role.assume_role_policy_document)
    result = policy.is_action_permitted(self._action, role_arn, access_key.arn, incoming)
    return result == access_control.PermissionResult.PERMITTED


IAMRequestBase._check_role_trust_relationship = check_role_trust_relationship  # type: ignore[method-assign]


# ---------------------------------------------------------------- MFA


def verify_mfa(response: TokenResponse) -> bool:
    """Raises AccessDenied unless SerialNumber+TokenCode name an enabled device and its current code."""
    serial = response._get_param("SerialNumber")
    code = response._get_param("TokenCode")
    if not serial and not code:
        return False
    if not serial or not code:
        raise access_denied(MFA_FAILED)
    device = iam().virtual_mfa_devices.get(serial)
    if device is None or device.enable_date is None or device.user is None:
        raise access_denied(MFA_FAILED)
    caller = caller_user_name(response.get_access_key())
    if caller is not None and caller != device.user.name:
        raise access_denied(MFA_FAILED)
    now = CLOCK.now().replace(tzinfo=datetime.timezone.utc).timestamp()
    accepted = {totp(device.base32_string_seed, now, step) for step in (-1, 0, 1)}
    if code not in accepted:
        raise access_denied(MFA_FAILED)
    return True


def duration_param(response: TokenResponse, default: int, low: int, high: int) -> int:
    duration = response._get_int_param("DurationSeconds", default)
    if duration < low or duration > high:
        raise validation_error(
            f"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy "
            f"constraint: Member must have value {'greater' if duration < low else 'less'} than or "
            f"equal to {low if duration < low else high}"
        )
    return duration


# ---------------------------------------------------------------- STS actions


def issue(user_name: str, duration: int, mfa: bool, federated_name: str | None, policy: str | None) -> IssuedSession:
    key = iam().create_temp_access_key()
    issued = IssuedSession(
        access_key_id=key.access_key_id,
        secret_access_key=key.secret_access_key,
        session_token=random_session_token(),
        expiration=CLOCK.now() + datetime.timedelta(seconds=duration),
        user_name=user_name,
        mfa_authenticated=mfa,
        federated_name=federated_name,
        policy=policy,
    )
    with ISSUED_LOCK:
        ISSUED[issued.access_key_id] = issued
    return issued


def credentials_of(issued: IssuedSession) -> dict[str, Any]:
    return {
        "AccessKeyId": issued.access_key_id,
        "SecretAccessKey": issued.secret_access_key,
        "SessionToken": issued.session_token,
        "Expiration": issued.expiration,
    }


def get_session_token(self: TokenResponse) -> ActionResult:
    user = long_term_user(self.get_access_key())
    if user is None:
        raise access_denied("Cannot call GetSessionToken with session credentials")
    duration = duration_param(self, 43200, 900, 129600)
    mfa = verify_mfa(self)
    issued = issue(user.name, duration, mfa, None, None)
    return ActionResult({"Credentials": credentials_of(issued)})


def get_federation_token(self: TokenResponse) -> ActionResult:
    user = long_term_user(self.get_access_key())
    if user is None:
        raise access_denied("Cannot call GetFederationToken with session credentials")
    name = self._get_param("Name")
    if not name or not 2 <= len(name) <= 32:
        raise validation_error("Name must be between 2 and 32 characters")
    duration = duration_param(self, 43200, 900, 129600)
    policy = self._get_param("Policy")
    issued = issue(user.name, duration, False, name, policy)
    return ActionResult(
        {
            "Credentials": credentials_of(issued),
            "FederatedUser": {"FederatedUserId": issued.user_id, "Arn": issued.arn},
            "PackedPolicySize": 6,
        }
    )


_original_assume_role = TokenResponse.assume_role


def assume_role(self: TokenResponse) -> ActionResult:
    verify_mfa(self)
    role_arn = self._get_param("RoleArn")
    try:
        role = iam().get_role_by_arn(role_arn)
    except Exception as error:  # noqa: BLE001 - AWS answers AccessDenied, not NoSuchEntity
        raise access_denied(f"Not authorized to perform sts:AssumeRole on resource: {role_arn}") from error
    duration = duration_param(self, 3600, 900, 43200)
    if assumed_role_for(self.get_access_key()) is not None and duration > 3600:
        raise validation_error(
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."
        )
    if duration > int(role.max_session_duration):
        raise validation_error(
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
        )
    return _original_assume_role(self)


def _trusts_federated(role: Any, provider_arn: str, action: str) -> bool:
    document = json.loads(role.assume_role_policy_document)
    statements = document["Statement"]
    for statement in statements if isinstance(statements, list) else [statements]:
        actions = statement.get("Action", [])
        actions = actions if isinstance(actions, list) else [actions]
        federated = (statement.get("Principal") or {}).get("Federated", [])
        federated = federated if isinstance(federated, list) else [federated]
        if statement.get("Effect") == "Allow" and action in actions and provider_arn in federated:
            return True
    return False


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    return (value.get("#text") if isinstance(value, dict) else value) or ""


def _parse_saml_time(value: str) -> datetime.datetime:
    trimmed = value.rstrip("Z").split(".")[0]
    return datetime.datetime.strptime(trimmed, "%Y-%m-%dT%H:%M:%S")


def assume_role_with_saml(self: TokenResponse) -> ActionResult:
    role_arn = self._get_param("RoleArn")
    principal_arn = self._get_param("PrincipalArn")
    try:
        document = base64.b64decode(self._get_param("SAMLAssertion")).decode("utf-8")
        parsed = xmltodict.parse(
            document,
            force_cdata=True,
            process_namespaces=True,
            namespaces={
                "urn:oasis:names:tc:SAML:2.0:protocol": "samlp",
                "urn:oasis:names:tc:SAML:2.0:assertion": "saml",
            },
            namespace_separator="|",
        )
        assertion = parsed["samlp|Response"]["saml|Assertion"]
    except Exception as error:  # noqa: BLE001 - any parse failure is a malformed assertion
        raise PeerError(400, "MalformedPolicyDocument", f"Invalid SAML assertion: {error}") from error

    attributes = _as_list(assertion.get("saml|AttributeStatement", {}).get("saml|Attribute"))
    pairs: list[tuple[str, str]] = []
    session_name = None
    session_duration = None
    for attribute in attributes:
        name = attribute.get("@Name")
        values = [_text(v) for v in _as_list(attribute.get("saml|AttributeValue"))]
        if name == "https://aws.amazon.com/SAML/Attributes/Role":
            for value in values:
                parts = [p.strip() for p in value.split(",")]
                if len(parts) == 2:
                    # AWS accepts either order; the provider is the one naming a saml-provider.
                    role, provider = (parts[1], parts[0]) if ":saml-provider/" in parts[0] else parts
                    pairs.append((role, provider))
        elif name == "https://aws.amazon.com/SAML/Attributes/RoleSessionName" and values:
            session_name = values[0]
        elif name == "https://aws.amazon.com/SAML/Attributes/SessionDuration" and values:
            session_duration = int(values[0])

    not_on_or_after = (
        assertion.get("saml|Subject", {})
        .get("saml|SubjectConfirmation", {})
        .get("saml|SubjectConfirmationData", {})
        .get("@NotOnOrAfter")
    ) or assertion.get("saml|Conditions", {}).get("@NotOnOrAfter")
    if not_on_or_after and CLOCK.now() >= _parse_saml_time(not_on_or_after):
        raise PeerError(400, "ExpiredTokenException", "Token must be redeemed within 5 minutes of issuance")
    if not session_name:
        raise PeerError(400, "InvalidIdentityToken", "The SAML assertion has no RoleSessionName attribute")
    if (role_arn, principal_arn) not in pairs:
        raise access_denied(f"Not authorized to perform sts:AssumeRoleWithSAML (role {role_arn} is not in the assertion)")
    try:
        iam().get_saml_provider(principal_arn)
        role = iam().get_role_by_arn(role_arn)
    except Exception as error:  # noqa: BLE001
        raise access_denied("Not authorized to perform sts:AssumeRoleWithSAML") from error
    if not _trusts_federated(role, principal_arn, "sts:AssumeRoleWithSAML"):
        raise access_denied("Not authorized to perform sts:AssumeRoleWithSAML")

    requested = self._get_int_param("DurationSeconds", None)
    candidates = [d for d in (requested, session_duration) if d is not None]
    duration = min(candidates) if candidates else 3600
    if duration < 900 or duration > int(role.max_session_duration):
        raise validation_error(f"The requested DurationSeconds ({duration}) is out of range for this role.")

    assumed = sts().assume_role(
        region_name=self.region,
        role_session_name=session_name,
        role_arn=role_arn,
        policy=None,
        duration=duration,
        external_id=None,
    )
    subject = _text(assertion.get("saml|Subject", {}).get("saml|NameID"))
    issuer = _text(assertion.get("saml|Issuer"))
    return ActionResult(
        {
            "Credentials": assumed,
            "AssumedRoleUser": {"AssumedRoleId": assumed.user_id, "Arn": assumed.arn},
            "PackedPolicySize": 6,
            "Subject": subject,
            "SubjectType": "persistent",
            "Issuer": issuer,
            "Audience": "https://signin.aws.amazon.com/saml",
            "NameQualifier": base64.b64encode(hashlib.sha1(f"{issuer}{ACCOUNT}/{principal_arn.split('/')[-1]}".encode()).digest()).decode(),
        }
    )


@dataclass
class OidcConfig:
    issuer: str
    audience: str
    key: bytes


OIDC = OidcConfig("", "", b"")


def _b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def assume_role_with_web_identity(self: TokenResponse) -> ActionResult:
    role_arn = self._get_param("RoleArn")
    token = self._get_param("WebIdentityToken") or ""
    parts = token.split(".")
    if len(parts) != 3:
        raise PeerError(400, "InvalidIdentityToken", "The web identity token is not a JWT")
    try:
        header = json.loads(_b64url_decode(parts[0]))
        claims = json.loads(_b64url_decode(parts[1]))
        signature = _b64url_decode(parts[2])
    except Exception as error:  # noqa: BLE001
        raise PeerError(400, "InvalidIdentityToken", "The web identity token is malformed") from error
    expected = hmac.new(OIDC.key, f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).digest()
    if header.get("alg") != "HS256" or not hmac.compare_digest(signature, expected):
        raise PeerError(400, "InvalidIdentityToken", "Incorrect token signature")
    if claims.get("iss") != OIDC.issuer:
        raise PeerError(400, "InvalidIdentityToken", "No OpenIDConnect provider found in your account for " + str(claims.get("iss")))
    audiences = _as_list(claims.get("aud"))
    provider_arn = f"arn:{PARTITION}:iam::{ACCOUNT}:oidc-provider/{OIDC.issuer.split('://', 1)[-1]}"
    provider = iam().get_open_id_connect_provider(provider_arn)
    if not any(aud in provider.client_id_list for aud in audiences):
        raise PeerError(400, "InvalidIdentityToken", "Incorrect token audience")
    if float(claims.get("exp", 0)) <= CLOCK.now().replace(tzinfo=datetime.timezone.utc).timestamp():
        raise PeerError(400, "ExpiredTokenException", "Token expired: current date/time is past the token's exp")
    try:
        role = iam().get_role_by_arn(role_arn)
    except Exception as error:  # noqa: BLE001
        raise access_denied("Not authorized to perform sts:AssumeRoleWithWebIdentity") from error
    if not _trusts_federated(role, provider_arn, "sts:AssumeRoleWithWebIdentity"):
        raise access_denied("Not authorized to perform sts:AssumeRoleWithWebIdentity")
    duration = duration_param(self, 3600, 900, int(role.max_session_duration))
    session_name = self._get_param("RoleSessionName")
    if not session_name:
        raise validation_error("RoleSessionName is required")
    assumed = sts().assume_role(
        region_name=self.region,
        role_session_name=session_name,
        role_arn=role_arn,
        policy=self._get_param("Policy"),
        duration=duration,
        external_id=None,
    )
    return ActionResult(
        {
            "Credentials": assumed,
            "SubjectFromWebIdentityToken": claims.get("sub"),
            "AssumedRoleUser": {"AssumedRoleId": assumed.user_id, "Arn": assumed.arn},
            "PackedPolicySize": 6,
            "Provider": OIDC.issuer.split("://", 1)[-1],
            "Audience": audiences[0] if audiences else None,
        }
    )


_original_get_caller_identity = sts_models.STSBackend.get_caller_identity


def get_caller_identity(self: Any, access_key_id: str, region: str) -> tuple[str, str, str]:
    with ISSUED_LOCK:
        issued = ISSUED.get(access_key_id)
    if issued is not None:
        return issued.user_id, issued.arn, ACCOUNT
    return _original_get_caller_identity(self, access_key_id, region)


TokenResponse.get_session_token = get_session_token  # type: ignore[method-assign]
TokenResponse.get_federation_token = get_federation_token  # type: ignore[method-assign]
TokenResponse.assume_role = assume_role  # type: ignore[method-assign]
TokenResponse.assume_role_with_saml = assume_role_with_saml  # type: ignore[method-assign]
TokenResponse.assume_role_with_web_identity = assume_role_with_web_identity  # type: ignore[method-assign]
sts_models.STSBackend.get_caller_identity = get_caller_identity  # type: ignore[method-assign]


# ---------------------------------------------------------------- seed


def _policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _allow(action: Any, resource: str = "*") -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def _trust(principal: dict[str, Any], action: str, condition: dict[str, Any] | None = None) -> str:
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal, "Action": action}
    if condition:
        statement["Condition"] = condition
    return _policy(statement)


def seed() -> dict[str, Any]:
    backend = iam()
    user = backend.create_user(REGION, "airlock-dev")
    backend.put_user_policy(user.name, "airlock-dev-sts", _policy(_allow(["sts:*", "iam:Get*", "iam:List*"])))
    key = backend.create_access_key(user.name)
    device = backend.create_virtual_mfa_device("airlock-dev", "/")
    now = time.time()
    backend.enable_mfa_device(
        user.name, device.serial_number, totp(device.base32_string_seed, now), totp(device.base32_string_seed, now, 1)
    )

    def role(name: str, trust: str, policy: str, max_session: int = 43200) -> str:
        created = backend.create_role(name, trust, "/", None, "", [], str(max_session))
        backend.put_role_policy(name, f"{name}-permissions", policy)
        return created.arn

    account_root = {"AWS": f"arn:{PARTITION}:iam::{ACCOUNT}:root"}
    admin = role("airlock-admin", _trust(account_root, "sts:AssumeRole"), _policy(_allow("*")))
    readonly = role(
        "airlock-readonly",
        _trust(account_root, "sts:AssumeRole"),
        _policy(_allow(["sts:GetCallerIdentity", "iam:Get*", "iam:List*"])),
    )
    chain2 = role("airlock-chain2", _trust({"AWS": admin}, "sts:AssumeRole"), _policy(_allow("sts:*")))
    chain3 = role("airlock-chain3", _trust({"AWS": chain2}, "sts:AssumeRole"), _policy(_allow("sts:GetCallerIdentity")))
    mfa_required = role(
        "airlock-mfa-required",
        _trust(account_root, "sts:AssumeRole", {"Bool": {"aws:MultiFactorAuthPresent": "true"}}),
        _policy(_allow("sts:GetCallerIdentity")),
    )

    saml_metadata = (
        '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.airlock.test/">'
        "</EntityDescriptor>"
    )
    saml_provider = backend.create_saml_provider("airlock-idp", saml_metadata)
    saml_trust = _trust({"Federated": saml_provider.arn}, "sts:AssumeRoleWithSAML")
    saml = role("airlock-saml-dev", saml_trust, _policy(_allow("sts:GetCallerIdentity")))
    saml_alt = role("airlock-saml-ops", saml_trust, _policy(_allow("sts:GetCallerIdentity")))

    oidc = backend.create_open_id_connect_provider(OIDC.issuer, ["0" * 40], [OIDC.audience], [])
    web_identity = role(
        "airlock-web-identity",
        _trust({"Federated": oidc.arn}, "sts:AssumeRoleWithWebIdentity"),
        _policy(_allow("sts:GetCallerIdentity")),
    )
    return {
        "user": {
            "name": user.name,
            "arn": user.arn,
            "accessKeyId": key.access_key_id,
            "secretAccessKey": key.secret_access_key,
        },
        "mfa": {"serial": device.serial_number, "secretBase32": device.base32_string_seed},
        "roles": {
            "admin": admin,
            "readonly": readonly,
            "chain2": chain2,
            "chain3": chain3,
            "mfaRequired": mfa_required,
            "saml": saml,
            "samlAlt": saml_alt,
            "webIdentity": web_identity,
        },
        "samlProviderArn": saml_provider.arn,
        "oidcProviderArn": oidc.arn,
    }


# ---------------------------------------------------------------- Identity Center role credentials

SSO_START_URL = "https://d-airlock000.awsapps.com/start"
SSO_REGION = "eu-west-1"
SSO_ROLE_PATH = "/aws-reserved/sso.amazonaws.com/"
SSO_ROLE_POLICIES = {
    "AdministratorAccess": _policy(_allow("*")),
    "ReadOnlyAccess": _policy(_allow(["sts:GetCallerIdentity", "iam:Get*", "iam:List*"])),
}
SSO_ROLES_LOCK = threading.Lock()


def issue_sso_role_credentials(account_id: str, role_name: str, session_name: str, duration_seconds: int) -> dict[str, Any]:
    """GetRoleCredentials: a moto session of the permission set's IAM role, created on first use (so
    seeding 1,000 accounts costs nothing until one is used)."""
    backend = iam_backends[account_id][PARTITION]
    with SSO_ROLES_LOCK:
        role = next((r for r in backend.roles.values() if r.name == role_name), None)
        if role is None:
            provider = f"arn:{PARTITION}:iam::{account_id}:saml-provider/AWSSSO_airlock_DO_NOT_DELETE"
            trust = _trust({"Federated": provider}, "sts:AssumeRoleWithSAML")
            role = backend.create_role(role_name, trust, SSO_ROLE_PATH, None, "", [], "43200")
            policy = SSO_ROLE_POLICIES.get(role_name, _policy(_allow("sts:GetCallerIdentity")))
            backend.put_role_policy(role_name, f"{role_name}-permissions", policy)
    assumed = sts_backends[account_id][PARTITION].assume_role(
        region_name=REGION,
        role_session_name=session_name,
        role_arn=role.arn,
        policy=None,
        duration=duration_seconds,
        external_id=None,
    )
    return {
        "accessKeyId": assumed.access_key_id,
        "secretAccessKey": assumed.secret_access_key,
        "sessionToken": assumed.session_token,
        "expiration": assumed.expiration,
    }


# ---------------------------------------------------------------- serving


def with_control_and_clock(app: Any) -> Any:
    """WSGI wrapper adding the /__peer/clock control endpoint."""

    def wrapped(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") == "/__peer/clock":
            if environ.get("REQUEST_METHOD") == "POST":
                length = int(environ.get("CONTENT_LENGTH") or 0)
                body = json.loads(environ["wsgi.input"].read(length) or b"{}")
                CLOCK.skew_seconds = float(body.get("skewSeconds", 0))
            payload = json.dumps({"skewSeconds": CLOCK.skew_seconds, "now": CLOCK.now().isoformat() + "Z"})
            start_response("200 OK", [("Content-Type", "application/json")])
            return [payload.encode()]

        return app(environ, start_response)

    return wrapped


class PeerRequestHandler(WSGIRequestHandler):
    """Dates responses by the peer clock: the SDK corrects its clock offset from the Date header
    after a skew error, as it does against AWS."""

    def date_time_string(self, timestamp: float | None = None) -> str:
        return formatdate(CLOCK.now().replace(tzinfo=datetime.timezone.utc).timestamp(), usegmt=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--clock-skew-seconds", type=float, default=0)
    parser.add_argument("--oidc-issuer", required=True)
    parser.add_argument("--oidc-audience", required=True)
    parser.add_argument("--oidc-key", required=True)
    args = parser.parse_args()

    CLOCK.skew_seconds = args.clock_skew_seconds
    OIDC.issuer, OIDC.audience, OIDC.key = args.oidc_issuer, args.oidc_audience, args.oidc_key.encode()
    seeded = seed()

    app = with_control_and_clock(DomainDispatcherApplication(create_backend_app))
    server = make_server(args.host, args.port, app, threaded=True, request_handler=PeerRequestHandler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    identity_center = IdentityCenter(issue_sso_role_credentials, CLOCK.now, SSO_START_URL, SSO_REGION)
    oidc_port, portal_port = serve_identity_center(identity_center, args.host)
    ready = {
        "port": server.server_port,
        "accountId": ACCOUNT,
        "seed": seeded,
        "identityCenter": {"oidcPort": oidc_port, "portalPort": portal_port, **identity_center.seed_json()},
    }
    print(json.dumps(ready), flush=True)
    # Exit with the parent: when it dies, our stdin pipe closes.
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
