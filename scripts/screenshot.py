#!/usr/bin/env python3
"""Screenshot of a logged-in Odoo page, to look at the screens as a clerk does.

    python3 scripts/screenshot.py /odoo/action-account.action_move_out_invoice_type \
        out.png
    [--db cobranca_demo] [--url http://localhost:8069] [--login admin --password admin]
    [--size 1440x900] [--wait 4] [--lang pt_BR] [--click SELECTOR] [--scroll-to SELECTOR]

Logs in through Odoo's JSON-RPC, hands the session cookie to a headless Chromium
through the DevTools protocol, waits for the page to settle and saves a PNG.
Needs `chromium` (Debian package) and `websocket-client`.
"""

# A command-line tool: it prints the file it wrote.
# pylint: disable=print-used

import argparse
import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.parse

import requests
import websocket


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def login(base, db, user, password, lang):
    session = requests.Session()
    resp = session.post(
        f"{base}/web/session/authenticate",
        json={"params": {"db": db, "login": user, "password": password}},
        timeout=30,
    )
    resp.raise_for_status()
    result = resp.json()
    if result.get("error"):
        raise SystemExit(f"login failed: {result['error']['data']['message']}")
    if lang:
        session.post(
            f"{base}/web/dataset/call_kw/res.users/write",
            json={
                "params": {
                    "model": "res.users",
                    "method": "write",
                    "args": [[result["result"]["uid"]], {"lang": lang}],
                    "kwargs": {},
                }
            },
            timeout=30,
        ).raise_for_status()
    return session.cookies["session_id"]


class Chrome:
    def __init__(self, width, height):
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="cobranca-shot-")
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        self.proc = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={self.profile}",
                f"--remote-debugging-port={self.port}",
                "--remote-allow-origins=*",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.ws = None
        self.msg_id = 0
        for _i in range(100):
            try:
                targets = requests.get(f"http://127.0.0.1:{self.port}/json", timeout=1).json()
                page = next(t for t in targets if t["type"] == "page")
                self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30)
                break
            except (requests.RequestException, StopIteration):
                time.sleep(0.1)
        if not self.ws:
            raise SystemExit("Chromium did not start")

    def call(self, method, **params):
        self.msg_id += 1
        self.ws.send(json.dumps({"id": self.msg_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.msg_id:
                if "error" in msg:
                    raise SystemExit(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def close(self):
        self.proc.terminate()
        self.proc.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("output")
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="cobranca_demo")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--size", default="1440x900")
    parser.add_argument("--wait", type=float, default=4.0)
    parser.add_argument("--lang", default="")
    parser.add_argument("--click", action="append", default=[], help="CSS selector to click")
    parser.add_argument("--scroll-to", help="CSS selector to scroll to the top of the page")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    cookie = login(args.url, args.db, args.login, args.password, args.lang)
    chrome = Chrome(width, height)
    try:
        host = urllib.parse.urlparse(args.url).hostname
        chrome.call("Network.enable")
        chrome.call("Network.setCookie", name="session_id", value=cookie, domain=host, path="/")
        chrome.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        chrome.call("Page.enable")
        chrome.call("Page.navigate", url=args.url + args.path)
        time.sleep(args.wait)
        for selector in args.click:
            chrome.call(
                "Runtime.evaluate",
                expression=f"document.querySelector({json.dumps(selector)})?.click()",
            )
            time.sleep(args.wait / 2)
        if args.scroll_to:
            chrome.call(
                "Runtime.evaluate",
                expression=f"document.querySelector({json.dumps(args.scroll_to)})"
                "?.scrollIntoView({block: 'start'})",
            )
            time.sleep(1)
        shot = chrome.call("Page.captureScreenshot", format="png")
        with open(args.output, "wb") as out:
            out.write(base64.b64decode(shot["data"]))
    finally:
        chrome.close()
    print(args.output)


if __name__ == "__main__":
    main()
