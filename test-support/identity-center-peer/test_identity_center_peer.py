"""Proves the Identity Center peer speaks the wire protocol botocore's own sso-oidc and sso clients speak,
and that its role credentials pass the STS peer's signature and token checks.

Run: python3 test_identity_center_peer.py (starts its own peer; identity-center-peer.test.ts runs it too).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import botocore.session
from botocore import UNSIGNED
from botocore.config import Config

HERE = os.path.dirname(os.path.abspath(__file__))
LAUNCHER = os.path.join(HERE, "..", "sts-peer", "moto_peer.py")
REDIRECT = "http://127.0.0.1/oauth/callback"
SCOPE = "sso:account:access"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def http(method: str, url: str, form: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    data = urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    try:
        with OPENER.open(request) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


class Peer:
    def __init__(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        self.process = subprocess.Popen(
            [sys.executable, LAUNCHER, "--oidc-issuer", "https://oidc.airlock.test", "--oidc-audience", "a", "--oidc-key", "k"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        assert self.process.stdout is not None
        ready = json.loads(self.process.stdout.readline())
        self.sts = f"http://127.0.0.1:{ready['port']}"
        center = ready["identityCenter"]
        self.oidc = f"http://127.0.0.1:{center['oidcPort']}"
        self.portal = f"http://127.0.0.1:{center['portalPort']}"
        self.start_url = center["startUrl"]
        self.region = center["region"]
        self.user = center["userName"]

    def control(self, name: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.oidc}/__peer/sso/{name}", data=data, method="POST" if body is not None else "GET")
        with urllib.request.urlopen(request) as response:
            return json.loads(response.read())

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


class IdentityCenterPeerTest(unittest.TestCase):
    peer: Peer

    @classmethod
    def setUpClass(cls) -> None:
        cls.peer = Peer()
        session = botocore.session.get_session()
        config = Config(signature_version=UNSIGNED, retries={"total_max_attempts": 1})
        cls.oidc = session.create_client("sso-oidc", endpoint_url=cls.peer.oidc, region_name="eu-west-1", config=config)
        cls.sso = session.create_client("sso", endpoint_url=cls.peer.portal, region_name="eu-west-1", config=config)
        cls.session = session

    @classmethod
    def tearDownClass(cls) -> None:
        cls.peer.stop()

    def setUp(self) -> None:
        self.peer.control("settings", {"portalRequestsPerSecond": None, "deviceIntervalSeconds": 1})

    # ------------------------------------------------------------ helpers

    def device_client(self, scopes: list[str] | None = None) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"clientName": "airlock-test", "clientType": "public"}
        if scopes is not None:
            kwargs["scopes"] = scopes
        return self.oidc.register_client(**kwargs)

    def pkce_client(self) -> dict[str, Any]:
        return self.oidc.register_client(
            clientName="airlock-test",
            clientType="public",
            scopes=[SCOPE],
            grantTypes=["authorization_code", "refresh_token"],
            redirectUris=[REDIRECT],
        )

    def authorize_url(self, client: dict[str, Any], challenge: str, port: int, state: str) -> str:
        query = {
            "response_type": "code",
            "client_id": client["clientId"],
            "redirect_uri": f"http://127.0.0.1:{port}/oauth/callback",
            "state": state,
            "code_challenge_method": "S256",
            "code_challenge": challenge,
            "scopes": SCOPE,
        }
        return f"{self.peer.oidc}/authorize?{urlencode(query)}"

    def consent(self, url: str, decision: str) -> dict[str, list[str]]:
        """Plays the browser: opens the consent page, submits its form, returns the redirect's query."""
        status, _, page = http("GET", url)
        self.assertEqual(status, 200, page)
        request_id = re.search(r'name="request_id" value="([^"]+)"', page)
        action = re.search(r'<form method="post" action="([^"]+)"', page)
        assert request_id and action
        status, headers, _ = http("POST", self.peer.oidc + action.group(1), {"request_id": request_id.group(1), "decision": decision})
        self.assertEqual(status, 302)
        location = urlsplit(headers["Location"])
        return parse_qs(location.query)

    def pkce_login(self) -> tuple[dict[str, Any], dict[str, Any]]:
        client = self.pkce_client()
        verifier, challenge = pkce()
        query = self.consent(self.authorize_url(client, challenge, 50001, "s1"), "allow")
        token = self.oidc.create_token(
            clientId=client["clientId"],
            clientSecret=client["clientSecret"],
            grantType="authorization_code",
            code=query["code"][0],
            codeVerifier=verifier,
            redirectUri="http://127.0.0.1:50001/oauth/callback",
        )
        return client, token

    def caller_arn(self, credentials: dict[str, Any]) -> str:
        sts = self.session.create_client(
            "sts",
            endpoint_url=self.peer.sts,
            region_name="us-east-1",
            aws_access_key_id=credentials["accessKeyId"],
            aws_secret_access_key=credentials["secretAccessKey"],
            aws_session_token=credentials["sessionToken"],
        )
        return sts.get_caller_identity()["Arn"]

    # ------------------------------------------------------------ OIDC

    def test_device_flow_pending_then_approved_on_the_verification_page(self) -> None:
        client = self.device_client([SCOPE])
        self.assertGreater(client["clientSecretExpiresAt"], client["clientIdIssuedAt"])
        device = self.oidc.start_device_authorization(
            clientId=client["clientId"], clientSecret=client["clientSecret"], startUrl=self.peer.start_url
        )
        args = {"clientId": client["clientId"], "clientSecret": client["clientSecret"], "grantType": DEVICE_GRANT, "deviceCode": device["deviceCode"]}
        with self.assertRaises(self.oidc.exceptions.AuthorizationPendingException) as pending:
            self.oidc.create_token(**args)
        self.assertEqual(pending.exception.response["error"], "authorization_pending")
        with self.assertRaises(self.oidc.exceptions.SlowDownException):
            self.oidc.create_token(**args)

        status, _, page = http("GET", device["verificationUriComplete"])
        self.assertEqual(status, 200)
        self.assertIn(device["userCode"], page)
        status, _, page = http("POST", f"{self.peer.oidc}/device/decision", {"user_code": device["userCode"], "decision": "allow"})
        self.assertEqual(status, 200, page)

        token = self.oidc.create_token(**args)
        self.assertEqual(token["tokenType"], "Bearer")
        self.assertIn("refreshToken", token)
        self.assertEqual(len(self.sso.list_accounts(accessToken=token["accessToken"])["accountList"]), 2)
        with self.assertRaises(self.oidc.exceptions.InvalidGrantException):
            self.oidc.create_token(**args)

    def test_device_flow_denied_and_expired(self) -> None:
        client = self.device_client()
        for outcome, exception in (("deny", "AccessDeniedException"), ("expire", "ExpiredTokenException")):
            device = self.oidc.start_device_authorization(
                clientId=client["clientId"], clientSecret=client["clientSecret"], startUrl=self.peer.start_url
            )
            if outcome == "deny":
                self.peer.control("device", {"userCode": device["userCode"], "approve": False})
            else:
                self.peer.control("expire", {"kind": "deviceCodes", "token": device["deviceCode"]})
            with self.assertRaises(getattr(self.oidc.exceptions, exception)):
                self.oidc.create_token(
                    clientId=client["clientId"], clientSecret=client["clientSecret"], grantType=DEVICE_GRANT, deviceCode=device["deviceCode"]
                )

    def test_no_refresh_token_without_the_sso_account_access_scope(self) -> None:
        client = self.device_client()
        device = self.oidc.start_device_authorization(
            clientId=client["clientId"], clientSecret=client["clientSecret"], startUrl=self.peer.start_url
        )
        self.peer.control("device", {"userCode": device["userCode"]})
        token = self.oidc.create_token(
            clientId=client["clientId"], clientSecret=client["clientSecret"], grantType=DEVICE_GRANT, deviceCode=device["deviceCode"]
        )
        self.assertNotIn("refreshToken", token)

    def test_wrong_secret_unknown_start_url_and_expired_registration(self) -> None:
        client = self.device_client()
        with self.assertRaises(self.oidc.exceptions.InvalidClientException):
            self.oidc.start_device_authorization(clientId=client["clientId"], clientSecret="wrong", startUrl=self.peer.start_url)
        with self.assertRaises(self.oidc.exceptions.InvalidRequestException):
            self.oidc.start_device_authorization(
                clientId=client["clientId"], clientSecret=client["clientSecret"], startUrl="https://elsewhere.awsapps.com/start"
            )
        self.peer.control("expire", {"kind": "registrations", "token": client["clientId"]})
        with self.assertRaises(self.oidc.exceptions.InvalidClientException):
            self.oidc.start_device_authorization(
                clientId=client["clientId"], clientSecret=client["clientSecret"], startUrl=self.peer.start_url
            )

    def test_authorization_code_with_pkce_checks_verifier_redirect_and_single_use(self) -> None:
        client = self.pkce_client()
        base = {"clientId": client["clientId"], "clientSecret": client["clientSecret"], "grantType": "authorization_code"}

        verifier, challenge = pkce()
        query = self.consent(self.authorize_url(client, challenge, 50001, "state-1"), "allow")
        self.assertEqual(query["state"], ["state-1"])
        with self.assertRaises(self.oidc.exceptions.InvalidGrantException):
            self.oidc.create_token(
                **base, code=query["code"][0], codeVerifier=pkce()[0], redirectUri="http://127.0.0.1:50001/oauth/callback"
            )

        verifier, challenge = pkce()
        query = self.consent(self.authorize_url(client, challenge, 50002, "state-2"), "allow")
        with self.assertRaises(self.oidc.exceptions.InvalidGrantException):
            self.oidc.create_token(**base, code=query["code"][0], codeVerifier=verifier, redirectUri=REDIRECT)

        verifier, challenge = pkce()
        query = self.consent(self.authorize_url(client, challenge, 50003, "state-3"), "allow")
        good = {"code": query["code"][0], "codeVerifier": verifier, "redirectUri": "http://127.0.0.1:50003/oauth/callback"}
        token = self.oidc.create_token(**base, **good)
        self.assertIn("refreshToken", token)
        with self.assertRaises(self.oidc.exceptions.InvalidGrantException):
            self.oidc.create_token(**base, **good)

    def test_authorize_deny_unregistered_redirect_and_plain_challenge(self) -> None:
        client = self.pkce_client()
        _, challenge = pkce()
        query = self.consent(self.authorize_url(client, challenge, 50004, "keep me"), "deny")
        self.assertEqual(query, {"error": ["access_denied"], "state": ["keep me"]})

        url = self.authorize_url(client, challenge, 50004, "s").replace("oauth%2Fcallback", "elsewhere")
        status, _, _ = http("GET", url)
        self.assertEqual(status, 400)

        plain = self.authorize_url(client, challenge, 50004, "s").replace("S256", "plain")
        status, headers, _ = http("GET", plain)
        self.assertEqual(status, 302)
        self.assertIn("error=invalid_request", headers["Location"])

    def test_refresh_rotates_the_refresh_token_and_is_counted(self) -> None:
        client, token = self.pkce_login()
        before = self.peer.control("state")["counters"]["refreshes"]
        args = {"clientId": client["clientId"], "clientSecret": client["clientSecret"], "grantType": "refresh_token"}
        refreshed = self.oidc.create_token(**args, refreshToken=token["refreshToken"])
        self.assertNotEqual(refreshed["accessToken"], token["accessToken"])
        self.assertNotEqual(refreshed["refreshToken"], token["refreshToken"])
        self.assertEqual(len(self.sso.list_accounts(accessToken=refreshed["accessToken"])["accountList"]), 2)
        with self.assertRaises(self.oidc.exceptions.InvalidGrantException):
            self.oidc.create_token(**args, refreshToken=token["refreshToken"])
        self.assertEqual(self.peer.control("state")["counters"]["refreshes"], before + 1)
        self.peer.control("expire", {"kind": "refreshTokens", "token": refreshed["refreshToken"]})
        with self.assertRaises(self.oidc.exceptions.InvalidGrantException):
            self.oidc.create_token(**args, refreshToken=refreshed["refreshToken"])

    def test_refresh_without_rotation_answers_no_refresh_token_and_the_old_one_keeps_working(self) -> None:
        client, token = self.pkce_login()
        self.peer.control("settings", {"rotateRefreshTokens": False})
        try:
            args = {"clientId": client["clientId"], "clientSecret": client["clientSecret"], "grantType": "refresh_token"}
            first = self.oidc.create_token(**args, refreshToken=token["refreshToken"])
            self.assertNotIn("refreshToken", first)
            second = self.oidc.create_token(**args, refreshToken=token["refreshToken"])
            self.assertNotEqual(second["accessToken"], first["accessToken"])
            self.assertEqual(len(self.sso.list_accounts(accessToken=second["accessToken"])["accountList"]), 2)
        finally:
            self.peer.control("settings", {"rotateRefreshTokens": True})

    # ------------------------------------------------------------ portal

    def test_paginators_walk_every_account_and_role(self) -> None:
        _, token = self.pkce_login()
        self.peer.control("accounts", {"count": 45, "rolesPerAccount": 3})
        try:
            pages = list(self.sso.get_paginator("list_accounts").paginate(accessToken=token["accessToken"], PaginationConfig={"PageSize": 10}))
            self.assertEqual(len(pages), 5)
            ids = [a["accountId"] for page in pages for a in page["accountList"]]
            self.assertEqual(len(ids), 47)
            self.assertEqual(len(set(ids)), 47)
            roles = self.sso.get_paginator("list_account_roles").paginate(
                accessToken=token["accessToken"], accountId=ids[-1], PaginationConfig={"PageSize": 2}
            )
            self.assertEqual(
                [r["roleName"] for r in roles.build_full_result()["roleList"]],
                ["AdministratorAccess", "ReadOnlyAccess", "PermissionSet03"],
            )
            credentials = self.sso.get_role_credentials(accessToken=token["accessToken"], accountId=ids[-1], roleName="PermissionSet03")
            self.assertEqual(
                self.caller_arn(credentials["roleCredentials"]), f"arn:aws:sts::{ids[-1]}:assumed-role/PermissionSet03/{self.peer.user}"
            )
        finally:
            self.peer.control("accounts", {"count": 0})

    def test_role_credentials_are_real_sts_peer_credentials(self) -> None:
        _, token = self.pkce_login()
        for account, role in (("123456789012", "AdministratorAccess"), ("210987654321", "ReadOnlyAccess")):
            credentials = self.sso.get_role_credentials(accessToken=token["accessToken"], accountId=account, roleName=role)["roleCredentials"]
            self.assertIsInstance(credentials["expiration"], int)
            self.assertEqual(self.caller_arn(credentials), f"arn:aws:sts::{account}:assumed-role/{role}/{self.peer.user}")
        with self.assertRaises(self.sso.exceptions.ClientError) as refused:
            self.sso.get_role_credentials(accessToken=token["accessToken"], accountId="210987654321", roleName="AdministratorAccess")
        self.assertEqual(refused.exception.response["Error"]["Code"], "ForbiddenException")

    def test_bearer_checks_expiry_and_logout(self) -> None:
        client, token = self.pkce_login()
        with self.assertRaises(self.sso.exceptions.UnauthorizedException):
            self.sso.list_accounts(accessToken="not-a-token")
        self.sso.logout(accessToken=token["accessToken"])
        with self.assertRaises(self.sso.exceptions.UnauthorizedException):
            self.sso.list_accounts(accessToken=token["accessToken"])
        # Logout ends the sign-in, so its refresh token is dead too.
        with self.assertRaises(self.oidc.exceptions.InvalidGrantException):
            self.oidc.create_token(
                clientId=client["clientId"], clientSecret=client["clientSecret"], grantType="refresh_token", refreshToken=token["refreshToken"]
            )
        _, token = self.pkce_login()
        self.peer.control("expire", {"kind": "accessTokens", "token": token["accessToken"]})
        with self.assertRaises(self.sso.exceptions.UnauthorizedException):
            self.sso.list_account_roles(accessToken=token["accessToken"], accountId="123456789012")

    def test_rate_limit_answers_429_too_many_requests(self) -> None:
        _, token = self.pkce_login()
        self.peer.control("settings", {"portalRequestsPerSecond": 1})
        self.sso.list_accounts(accessToken=token["accessToken"])
        started = time.monotonic()
        try:
            self.sso.list_accounts(accessToken=token["accessToken"])
            throttled = None
        except self.sso.exceptions.TooManyRequestsException as error:
            throttled = error
        # A second call within the same second must be refused; only a stalled machine gets past it.
        if time.monotonic() - started < 0.9:
            assert throttled is not None, "the second call within a second was not throttled"
            self.assertEqual(throttled.response["ResponseMetadata"]["HTTPStatusCode"], 429)

    def test_botocore_retries_the_throttle_as_a_throttling_error(self) -> None:
        _, token = self.pkce_login()
        with self.assertRaises(self.sso.exceptions.TooManyRequestsException):
            self.peer.control("throttle", {"next": 1})
            self.sso.list_accounts(accessToken=token["accessToken"])
        before = self.peer.control("state")["counters"]["throttled"]
        retrying = self.session.create_client(
            "sso",
            endpoint_url=self.peer.portal,
            region_name="eu-west-1",
            config=Config(signature_version=UNSIGNED, retries={"mode": "standard", "total_max_attempts": 3}),
        )
        self.peer.control("throttle", {"next": 2})
        self.assertEqual(len(retrying.list_accounts(accessToken=token["accessToken"])["accountList"]), 2)
        self.assertEqual(self.peer.control("state")["counters"]["throttled"], before + 2)

if __name__ == "__main__":
    unittest.main(verbosity=2)
