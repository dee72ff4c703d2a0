#!/usr/bin/env python3
"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1, driven by flags.

Prints the bound port on one line of standard output when it is ready, then
serves until killed (SIGTERM) or until standard input closes.

Flags:
  --mode plain|starttls|smtps  plain SMTP; STARTTLS offered (needs --cert/--key);
                               or implicit TLS from the first byte (needs --cert/--key)
  --cert PEM --key PEM         the server certificate chain and its private key
  --port N                     port to bind (default 0: any free port)
  --auth MECHS                 comma-separated AUTH mechanisms to offer, from PLAIN, LOGIN,
                               CRAM-MD5 (a dummy that always fails); "none" offers no AUTH
                               (default: PLAIN,LOGIN)
  --user NAME                  the accepted login (default: user@example.org)
  --password-env VAR           environment variable holding the accepted password
                               (default: SMTP_TEST_PASSWORD); it is never printed
  --require-auth               MAIL FROM without AUTH gets "530 5.7.0 Authentication required"
  --reject-sender REGEX        MAIL FROM addresses matching REGEX get 553
  --reject-recipient REGEX     RCPT TO addresses matching REGEX get 550
  --reject-data                DATA gets "554 5.6.0 Message content rejected" after the message
  --spool DIR                  each accepted message is written to DIR/<n>.json as
                               {"mail_from": …, "rcpt_tos": […], "content": …}
AUTH is offered over plain text too (auth_require_tls off), except with --auth none.
"""
import argparse
import asyncio
import json
import os
import re
import ssl
import sys
import threading

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, args):
        self.args = args
        self.count = 0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.args.reject_sender and re.search(self.args.reject_sender, address):
            return "553 5.7.1 Sender address rejected: not owned by user"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 Sender OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.args.reject_recipient and re.search(self.args.reject_recipient, address):
            return "550 5.1.1 Recipient address rejected: no such user"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Recipient OK"

    async def handle_DATA(self, server, session, envelope):
        if self.args.reject_data:
            return "554 5.6.0 Message content rejected"
        self.count += 1
        queue_id = f"TEST{self.count:04d}"
        if self.args.spool:
            path = os.path.join(self.args.spool, f"{self.count}.json")
            with open(path + ".tmp", "w") as spool:
                json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                           "content": envelope.content.decode("utf-8", "replace")}, spool)
            os.replace(path + ".tmp", path)
        return f"250 2.0.0 Ok: queued as {queue_id}"

    async def auth_CRAM__MD5(self, server, args):
        await server.push("535 5.7.8 CRAM-MD5 is only offered for tests")
        return AuthResult(success=False, handled=True)


def make_authenticator(user, password):
    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
              and password is not None and auth_data.password.decode() == password)
        return AuthResult(success=ok, handled=False)
    return authenticator


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["plain", "starttls", "smtps"], default="plain")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--auth", default="PLAIN,LOGIN")
    parser.add_argument("--user", default="user@example.org")
    parser.add_argument("--password-env", default="SMTP_TEST_PASSWORD")
    parser.add_argument("--require-auth", action="store_true")
    parser.add_argument("--reject-sender")
    parser.add_argument("--reject-recipient")
    parser.add_argument("--reject-data", action="store_true")
    parser.add_argument("--spool")
    args = parser.parse_args()

    context = None
    if args.mode != "plain":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
    offered = [] if args.auth == "none" else [m.strip().upper() for m in args.auth.split(",") if m.strip()]
    excluded = [m for m in ("PLAIN", "LOGIN", "CRAM-MD5") if m not in offered]
    handler = Handler(args)
    password = os.environ.get(args.password_env)

    def factory():
        return SMTP(handler, hostname="test.localhost", ident="aiosmtpd test server",
                    tls_context=context if args.mode == "starttls" else None,
                    auth_required=args.require_auth, auth_require_tls=(args.auth == "none"),
                    auth_exclude_mechanism=excluded,
                    authenticator=make_authenticator(args.user, password))

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(
        factory, host="127.0.0.1", port=args.port, ssl=context if args.mode == "smtps" else None))
    print(server.sockets[0].getsockname()[1], flush=True)

    def watch_stdin():
        sys.stdin.read()
        loop.call_soon_threadsafe(loop.stop)
    threading.Thread(target=watch_stdin, daemon=True).start()
    loop.run_forever()


if __name__ == "__main__":
    main()
