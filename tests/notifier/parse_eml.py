#!/usr/bin/python3
"""Parses .eml files with Python's own email package (an independent reader)
and prints, per file, one JSON object on one line: the decoded headers, the
MIME structure, the text and HTML bodies and any defects found."""
import email
import email.policy
import json
import sys


def addresses(header):
    if header is None:
        return []
    return [{"name": a.display_name, "address": a.addr_spec} for a in header.addresses]


def describe(path):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    defects = [type(d).__name__ for part in msg.walk() for d in part.defects]
    text = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    raw_lines = open(path, "rb").read().split(b"\r\n")
    return {
        "from": addresses(msg["From"]),
        "to": addresses(msg["To"]),
        "subject": str(msg["Subject"]),
        "message_id": str(msg["Message-ID"]),
        "date": str(msg["Date"]),
        "auto_submitted": str(msg["Auto-Submitted"] or ""),
        "content_type": msg.get_content_type(),
        "parts": [p.get_content_type() for p in msg.walk()],
        "text": text.get_content() if text is not None else None,
        "html": html.get_content() if html is not None else None,
        "defects": defects,
        "longest_line": max(len(l) for l in raw_lines),
    }


for path in sys.argv[1:]:
    print(json.dumps(describe(path)))
