"""The IAM Identity Center peer's HTTP side: the SSO OIDC service (RegisterClient, StartDeviceAuthorization,
CreateToken, the /authorize consent page, the device verification page) and the SSO portal (ListAccounts,
ListAccountRoles, GetRoleCredentials, Logout) in AWS's rest-json wire protocol, plus JSON test controls
under /__peer/sso/. State and rules live in identity_center.py.

The OIDC service and the portal listen on two ports, as they have two hosts in AWS, so a client that
sends a call to the wrong one fails here too. The controls answer on both.
"""

from __future__ import annotations

import html
import json
import threading
from typing import Any, Callable
from urllib.parse import parse_qsl, urlsplit

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from identity_center import (
    BEARER_HEADER,
    ControlError,
    Counters,
    IdentityCenter,
    OidcError,
    PortalError,
    invalid_request,
)


def _json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    response = Response(json.dumps(body), status=status, content_type="application/json")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _error_response(error: OidcError | PortalError) -> Response:
    """rest-json errors: x-amzn-ErrorType names the shape; both SDKs read the error's name from it."""
    return _json_response(error.body(), error.status, {"x-amzn-ErrorType": error.shape})


def _page_html(title: str, body: str) -> str:
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{html.escape(title)}</title></head><body><main><h1>{html.escape(title)}</h1>{body}</main></body></html>"
    )


def _html_response(title: str, body: str, status: int = 200) -> Response:
    return Response(_page_html(title, body), status=status, content_type="text/html; charset=utf-8")


def _redirect(location: str) -> Response:
    return Response("", status=302, headers={"Location": location})


def _read_json(request: Request) -> dict[str, Any]:
    raw = request.get_data()
    if not raw:
        return {}
    try:
        body = json.loads(raw)
    except ValueError as error:
        raise invalid_request("Request body is not JSON") from error
    if not isinstance(body, dict):
        raise invalid_request("Request body is not a JSON object")
    return body


def _base_url(request: Request) -> str:
    return request.host_url.rstrip("/")


class OidcRoutes:
    def __init__(self, center: IdentityCenter) -> None:
        self.center = center

    def __call__(self, request: Request) -> Response | None:
        center = self.center
        route = (request.method, request.path)
        api = {
            ("POST", "/client/register"): "RegisterClient",
            ("POST", "/device_authorization"): "StartDeviceAuthorization",
            ("POST", "/token"): "CreateToken",
        }.get(route)
        if api is not None:
            center.count(api)
            try:
                body = _read_json(request)
                if api == "RegisterClient":
                    return _json_response(center.register_client(body))
                if api == "StartDeviceAuthorization":
                    return _json_response(center.start_device_authorization(body, _base_url(request)))
                return _json_response(center.create_token(body))
            except OidcError as error:
                return _error_response(error)
        if route == ("GET", "/authorize"):
            center.count("Authorize")
            return self.authorize_page(request)
        if route == ("POST", "/authorize/decision"):
            try:
                location = center.decide_authorization(
                    request.form.get("request_id", ""), request.form.get("decision") == "allow", None
                )
            except ControlError as error:
                return _html_response("Authorization failed", f"<p>{html.escape(str(error))}</p>", 400)
            return _redirect(location)
        if route == ("GET", "/device"):
            return self.device_page(request)
        if route == ("POST", "/device/decision"):
            allow = request.form.get("decision") == "allow"
            try:
                center.decide_device(request.form.get("user_code", ""), allow, None)
            except ControlError as error:
                return _html_response("Device authorization failed", f"<p>{html.escape(str(error))}</p>", 400)
            title = "Request approved" if allow else "Request denied"
            return _html_response(title, "<p>You can close this window.</p>")
        return None

    def authorize_page(self, request: Request) -> Response:
        try:
            opened = self.center.open_authorization(dict(request.args.items()))
        except ControlError as error:
            return _html_response("Authorization failed", f"<p>{html.escape(str(error))}</p>", 400)
        if isinstance(opened, str):
            return _redirect(opened)
        client = self.center.clients[opened.client_id]
        scopes = ", ".join(opened.scopes) or "(none)"
        form = (
            f"<p>Allow <strong>{html.escape(client.name)}</strong> to access your AWS accounts?</p>"
            f"<p>Scopes: {html.escape(scopes)}</p>"
            '<form method="post" action="/authorize/decision">'
            f'<input type="hidden" name="request_id" value="{html.escape(opened.request_id)}">'
            '<button type="submit" name="decision" value="allow">Allow access</button> '
            '<button type="submit" name="decision" value="deny">Deny</button>'
            "</form>"
        )
        return _html_response("Authorize request", form)

    def device_page(self, request: Request) -> Response:
        user_code = request.args.get("user_code")
        if not user_code:
            form = (
                '<form method="get" action="/device"><label>Code <input name="user_code"></label>'
                '<button type="submit">Next</button></form>'
            )
            return _html_response("Enter your code", form)
        form = (
            f"<p>Code: <strong>{html.escape(user_code)}</strong></p>"
            '<form method="post" action="/device/decision">'
            f'<input type="hidden" name="user_code" value="{html.escape(user_code)}">'
            '<button type="submit" name="decision" value="allow">Approve</button> '
            '<button type="submit" name="decision" value="deny">Deny</button>'
            "</form>"
        )
        return _html_response("Authorize request", form)


class PortalRoutes:
    def __init__(self, center: IdentityCenter) -> None:
        self.center = center

    def __call__(self, request: Request) -> Response | None:
        api = {
            ("GET", "/assignment/accounts"): "ListAccounts",
            ("GET", "/assignment/roles"): "ListAccountRoles",
            ("GET", "/federation/credentials"): "GetRoleCredentials",
            ("POST", "/logout"): "Logout",
        }.get((request.method, request.path))
        if api is None:
            return None
        center = self.center
        center.count(api)
        query = dict(request.args.items())
        try:
            center.throttle()
            session = center.session_of(request.environ.get("peer.sso_bearer_token"))
            if api == "ListAccounts":
                return _json_response(center.list_accounts(query))
            if api == "ListAccountRoles":
                return _json_response(center.list_account_roles(query))
            if api == "GetRoleCredentials":
                return _json_response(center.get_role_credentials(session, query))
            center.logout(session)
            return Response("", status=200)
        except PortalError as error:
            return _error_response(error)


class ControlRoutes:
    """JSON controls for tests under /__peer/sso/; not an AWS API."""

    PREFIX = "/__peer/sso/"

    def __init__(self, center: IdentityCenter) -> None:
        self.center = center

    def __call__(self, request: Request) -> Response | None:
        if not request.path.startswith(self.PREFIX):
            return None
        name = request.path[len(self.PREFIX) :]
        center = self.center
        try:
            body = json.loads(request.get_data() or b"{}") if request.method == "POST" else {}
            if (request.method, name) == ("GET", "state"):
                return _json_response(
                    {"settings": center.settings.as_json(), "counters": center.counters.as_json(), "accounts": len(center.accounts)}
                )
            if request.method != "POST":
                return None
            if name == "settings":
                with center.lock:
                    center.settings.update(body)
                return _json_response(center.settings.as_json())
            if name == "counters/reset":
                with center.lock:
                    center.counters = Counters()
                return _json_response(center.counters.as_json())
            if name == "throttle":
                with center.lock:
                    center.throttle_next = int(body["next"])
                return _json_response({})
            if name == "device":
                center.decide_device(str(body["userCode"]), bool(body.get("approve", True)), body.get("user"))
                return _json_response({})
            if name == "authorize":
                return _json_response({"location": self.authorize(body)})
            if name == "accounts":
                total = center.seed_extra_accounts(int(body["count"]), int(body.get("rolesPerAccount", 1)))
                return _json_response({"accounts": total})
            if name == "expire":
                return _json_response({"expired": center.expire(str(body.get("kind")), body.get("token"))})
            if name == "revoke":
                return _json_response({"revoked": center.revoke(body.get("accessToken"))})
        except (ControlError, KeyError, ValueError, TypeError) as error:
            return _json_response({"error": f"{type(error).__name__}: {error}"}, 400)
        return None

    def authorize(self, body: dict[str, Any]) -> str:
        """Does what a browser does on the consent page: open the URL, then allow or deny."""
        url = urlsplit(str(body["url"]))
        opened = self.center.open_authorization(dict(parse_qsl(url.query)))
        if isinstance(opened, str):
            return opened
        return self.center.decide_authorization(opened.request_id, bool(body.get("approve", True)), body.get("user"))


class BearerHeaderHandler(WSGIRequestHandler):
    """Werkzeug drops headers whose names contain '_', as x-amz-sso_bearer_token does; pass it on."""

    def make_environ(self) -> dict[str, Any]:
        environ = super().make_environ()
        environ["peer.sso_bearer_token"] = self.headers.get(BEARER_HEADER)
        return environ


def make_app(*routes: Callable[[Request], Response | None]) -> Callable[..., Any]:
    def app(environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        for route in routes:
            response = route(request)
            if response is not None:
                return response(environ, start_response)
        return _json_response({"message": f"No route for {request.method} {request.path}"}, 404)(environ, start_response)

    return app


def serve(center: IdentityCenter, host: str) -> tuple[int, int]:
    """Starts the OIDC and portal servers on OS-picked ports, each in a daemon thread; returns their ports."""
    controls = ControlRoutes(center)
    oidc = make_server(host, 0, make_app(OidcRoutes(center), controls), threaded=True, request_handler=BearerHeaderHandler)
    portal = make_server(host, 0, make_app(PortalRoutes(center), controls), threaded=True, request_handler=BearerHeaderHandler)
    for server in (oidc, portal):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    return oidc.server_port, portal.server_port
