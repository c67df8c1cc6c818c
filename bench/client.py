"""A small HTTP client for the benchmark: one signed-in browser session, standard library only."""
import base64
import hashlib
import hmac
import html
import http.client
import os
import re
import struct
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Response:
    def __init__(self, status, headers, body, seconds):
        self.status = status
        self.headers = headers
        self.body = body
        self.seconds = seconds

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def location(self):
        return self.headers.get("location", "")

    def csrf_token(self):
        match = CSRF_INPUT.search(self.text)
        if not match:
            raise RuntimeError(f"no CSRF token in the page (status {self.status})")
        return match.group(1)


class Session:
    """Cookies and requests of one visitor, against one server (host and port)."""

    def __init__(self, host, port, language="en", timeout=120, client_address=None):
        self.host = host
        self.port = port
        self.timeout = timeout
        # Sent as X-Forwarded-For, as a reverse proxy would, so that the
        # portal's per-address sign-in limits see one address per simulated
        # person (the benchmark sets ALLAUTH_TRUSTED_PROXY_COUNT=1).
        self.client_address = client_address
        # English pages, so that the scripts can match the message ids.
        self.cookies = {"django_language": language}

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        headers["Host"] = f"{self.host}:{self.port}"
        if self.client_address:
            headers["X-Forwarded-For"] = self.client_address
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if method == "POST":
            # Django's CSRF check compares the Origin of POST requests.
            headers.setdefault("Origin", f"http://{self.host}:{self.port}")
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            data = raw.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for header in raw.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        response_headers = {name.lower(): value for name, value in raw.getheaders()}
        return Response(raw.status, response_headers, data, seconds)

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields):
        body = urlencode(fields, doseq=True).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def post_multipart(self, path, fields, file_field, filename, content_type, content_path):
        """POST a form with one file, streaming the file from content_path instead of loading it."""
        boundary = "----sinovik-bench-boundary-7d1f2c"
        head = b""
        for name, value in fields.items():
            head += (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            ).encode()
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        size = len(head) + os.path.getsize(content_path) + len(tail)

        def body():
            yield head
            with open(content_path, "rb") as handle:
                while chunk := handle.read(256 * 1024):
                    yield chunk
            yield tail

        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(size)}
        return self.request("POST", path, body(), headers)

    def follow(self, response, limit=5):
        """Follow redirects of response with GET requests; return the last response."""
        while response.status in (301, 302, 303) and limit:
            location = urlsplit(response.location)
            path = location.path + (f"?{location.query}" if location.query else "")
            response = self.get(path)
            limit -= 1
        return response

    def sign_in(self, username, password, totp_secret=None):
        """Sign in through the real forms, with a two-factor code if asked; return the landing page."""
        page = self.get("/akun/login/")
        response = self.post(
            "/akun/login/",
            {"login": username, "password": password, "csrfmiddlewaretoken": page.csrf_token()},
        )
        if response.status != 302:
            raise RuntimeError(f"sign-in of {username} failed with status {response.status}")
        landing = self.follow(response)
        if "/2fa/" in response.location or 'name="code"' in landing.text:
            if totp_secret is None:
                raise RuntimeError(f"{username} needs a two-factor code and no secret was given")
            response = self.post(
                urlsplit(response.location).path,
                {"code": totp_code(totp_secret), "csrfmiddlewaretoken": landing.csrf_token()},
            )
            if response.status != 302:
                raise RuntimeError(f"two-factor step of {username} failed with status {response.status}")
            landing = self.follow(response)
        if "sessionid" not in self.cookies:
            raise RuntimeError(f"sign-in of {username} set no session cookie")
        return landing


def documentation_address(number):
    """Return an IPv6 address of the documentation prefix 2001:db8::/32, one /64 per number.

    Only written into X-Forwarded-For headers of requests to 127.0.0.1; no
    traffic goes to these addresses.
    """
    return f"2001:db8:{number // 65536:x}:{number % 65536:x}::1"


def totp_code(secret, at=None, period=30, digits=6):
    """Return the RFC 6238 code of a base32 secret, as an authenticator app shows it."""
    counter = int((time.time() if at is None else at) // period)
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def form_fields(page_html, form_action):
    """Return the named inputs, selects and textareas of the form posting to form_action."""
    start = page_html.find(f'action="{form_action}"')
    if start < 0:
        raise RuntimeError(f"no form posting to {form_action} in the page")
    end = page_html.find("</form>", start)
    form = page_html[start:end]
    fields = {}
    for match in re.finditer(r"<input([^>]*)>", form):
        attributes = match.group(1)
        name = re.search(r'name="([^"]+)"', attributes)
        if not name:
            continue
        input_type = re.search(r'type="([^"]+)"', attributes)
        if input_type and input_type.group(1) in ("checkbox", "radio") and "checked" not in attributes:
            continue
        if input_type and input_type.group(1) in ("submit", "file"):
            continue
        value = re.search(r'value="([^"]*)"', attributes)
        fields.setdefault(name.group(1), []).append(html.unescape(value.group(1)) if value else "")
    for match in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        # Django's textarea widget starts its content with a line break, which browsers drop.
        fields[match.group(1)] = [html.unescape(match.group(2)).removeprefix("\n").removeprefix("\r\n")]
    for match in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        selected = re.findall(r'<option value="([^"]*)"[^>]*selected', match.group(2))
        if selected:
            fields[match.group(1)] = [html.unescape(value) for value in selected]
        elif "multiple" not in match.group(0).split(">")[0]:
            first = re.search(r'<option value="([^"]*)"', match.group(2))
            fields[match.group(1)] = [html.unescape(first.group(1)) if first else ""]
    return fields
