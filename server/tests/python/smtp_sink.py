#!/usr/bin/env python3
"""A real SMTP server for Vision Stays' email tests, built on aiosmtpd.

It accepts every message and writes one JSON file per message into --out (written beside and
renamed, so a reader never sees half a file): the envelope, whether the session was encrypted
and authenticated, the headers the tests check, each MIME leaf part decoded by Python's email
package, and the raw message. Modes:

  --tls none       plain SMTP (a local relay)
  --tls starttls   STARTTLS required before MAIL, AUTH required (and offered only after TLS)
  --tls implicit   TLS from the first byte (smtps, like port 465), AUTH required

With --hold FILE, every session stalls after MAIL FROM (before its RCPT TO is answered, so no
message is taken) for as long as FILE exists: a server that stopped answering mid-session,
which keeps a client's send in flight. The first stalled session leaves the file .stalled in --out.

Prints "READY <port>" on stdout once it listens. Runs until killed.
"""
import argparse
import asyncio
import email
import email.policy
import itertools
import json
import logging
import os
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink:
    def __init__(self, out, hold=None):
        self.out = out
        self.hold = hold
        self.count = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.hold and os.path.exists(self.hold):
            # Tells the tests a sender is stuck here now (readers skip dot files).
            open(os.path.join(self.out, ".stalled"), "w").close()
        while self.hold and os.path.exists(self.hold):
            await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        parts = []
        for part in msg.walk():
            if part.is_multipart():
                continue
            parts.append({"content_type": part.get_content_type(), "body": part.get_content()})
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": server.transport.get_extra_info("ssl_object") is not None,
            "auth_user": session.auth_data if session.authenticated else None,
            "message_id": msg["Message-ID"],
            "subject": str(msg["Subject"]),
            "from": str(msg["From"]),
            "to": str(msg["To"]),
            "date": str(msg["Date"]),
            "content_type": msg.get_content_type(),
            "parts": parts,
            "raw": raw.decode("utf-8", "replace"),
        }
        name = f"{next(self.count):05d}-{os.getpid()}.json"
        # The temporary name must not end in .json: readers list *.json while this is written.
        tmp = os.path.join(self.out, "." + name + ".part")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.rename(tmp, os.path.join(self.out, name))
        return "250 Message accepted for delivery"


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        if (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == user
            and auth_data.password.decode() == password
        ):
            return AuthResult(success=True, auth_data=user)
        return AuthResult(success=False, handled=False)

    return check


async def main():
    # aiosmtpd warns about AUTH without STARTTLS (implicit TLS is encrypted anyway) and about its
    # own deprecations: noise in the test output.
    warnings.simplefilter("ignore")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--tls", choices=["none", "starttls", "implicit"], default="none")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--hold")
    args = p.parse_args()

    handler = Sink(args.out, args.hold)
    context = None
    if args.tls != "none":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
    options = {"hostname": "sink.test", "ident": "Vision Stays test sink"}
    if args.user:
        options.update(
            authenticator=authenticator(args.user, args.password or ""),
            auth_required=True,
            # aiosmtpd only knows about STARTTLS: on an implicit-TLS socket the whole session
            # is encrypted already.
            auth_require_tls=args.tls == "starttls",
        )
    if args.tls == "starttls":
        options.update(tls_context=context, require_starttls=True)

    def factory():
        return SMTP(handler, **options)

    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        factory,
        host="127.0.0.1",
        port=args.port,
        ssl=context if args.tls == "implicit" else None,
    )
    port = server.sockets[0].getsockname()[1]
    print(f"READY {port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
