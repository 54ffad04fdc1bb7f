#!/usr/bin/python3
"""The sink's ceiling: how fast a plain sender (smtplib, one connection)
gets N small messages accepted by the same aiosmtpd sink. Prints msgs/s."""
import smtplib
import sys
import time
from email.message import EmailMessage

port, count = int(sys.argv[1]), int(sys.argv[2])
msg = EmailMessage()
msg["From"] = "qa@council.example"
msg["To"] = "auditor@council.example"
msg["Subject"] = "Reminder"
msg.set_content("Audit CR-1 is due.\n")
msg.add_alternative("<p>Audit CR-1 is due.</p>", subtype="html")
raw = msg.as_bytes()
start = time.monotonic()
with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
    for _ in range(count):
        smtp.sendmail("qa@council.example", ["auditor@council.example"], raw)
elapsed = time.monotonic() - start
print("%.1f" % (count / elapsed))
