#!/usr/bin/python3
"""A real SMTP server for the notifier's tests: aiosmtpd on loopback.

Saves every accepted message as <n>.eml (written to a temporary name, then
renamed) with <n>.json holding the envelope, and appends each EHLO, MAIL,
RCPT and DATA to commands.log. Answers are chosen by the recipient's local
part, so a test asks for a fault in-band:
  reject550...@   RCPT gets 550 (permanent)
  defer451...@    RCPT gets 451 every time (transient)
  deferNx...@     RCPT gets 451 the first N times for that address, then 250
  rejectdata...@  RCPT accepted; the end of DATA gets 554
Everything else is accepted. With --tls-cert/--tls-key STARTTLS is offered,
otherwise not. With --auth user:password, AUTH is required (also without
TLS, on loopback) and each attempt is logged as "AUTH ok|failed". The server exits by itself after --lifetime seconds, so a test
that dies cannot leave it behind for long. Prints "READY <port>" when listening.

Must run under /usr/bin/python3: Debian's python3-aiosmtpd is installed there.
"""
import argparse
import asyncio
import json
import os
import re
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, outdir, save):
        self.outdir = outdir
        self.save = save
        self.count = 0
        self.deferrals = {}
        self.log_file = open(os.path.join(outdir, "commands.log"), "a", buffering=1)

    def log(self, *words):
        self.log_file.write(" ".join(str(w) for w in words) + "\n")

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self.log("EHLO", hostname, "tls" if session.ssl else "plain")
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.log("MAIL", address, "tls" if session.ssl else "plain")
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0]
        self.log("RCPT", address)
        if local.startswith("reject550"):
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        if local.startswith("defer451"):
            return "451 4.3.0 Try again later"
        match = re.match(r"defer(\d+)x", local)
        if match:
            seen = self.deferrals.get(address, 0)
            self.deferrals[address] = seen + 1
            if seen < int(match.group(1)):
                return "451 4.3.0 Deferred (%d of %s)" % (seen + 1, match.group(1))
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if any(r.split("@")[0].startswith("rejectdata") for r in envelope.rcpt_tos):
            self.log("DATA rejected")
            return "554 5.6.0 Message content rejected"
        self.count += 1
        self.log("DATA", self.count)
        if self.save:
            base = os.path.join(self.outdir, "%06d" % self.count)
            with open(base + ".json.tmp", "w") as f:
                json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                           "tls": session.ssl is not None}, f)
            os.rename(base + ".json.tmp", base + ".json")
            with open(base + ".tmp", "wb") as f:
                f.write(envelope.original_content or envelope.content)
            os.rename(base + ".tmp", base + ".eml")
        return "250 2.0.0 Message accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--outdir", required=True)
    parser.add_argument("--lifetime", type=float, default=120)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--auth")
    args = parser.parse_args()

    handler = Handler(args.outdir, not args.no_save)
    tls_context = None
    if args.tls_cert:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.tls_cert, args.tls_key)

    auth = {}
    if args.auth:
        user, password = args.auth.encode().split(b":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login == user
                  and auth_data.password == password)
            handler.log("AUTH", "ok" if ok else "failed")
            return AuthResult(success=ok, handled=False)

        auth = {"authenticator": authenticator, "auth_required": True,
                "auth_require_tls": False}

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(handler, tls_context=tls_context, require_starttls=False,
                     hostname="sink.test", data_size_limit=64 * 1024 * 1024, **auth),
        host="127.0.0.1", port=args.port, reuse_address=True))
    loop.call_later(args.lifetime, loop.stop)
    print("READY %d" % args.port, flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    main()
