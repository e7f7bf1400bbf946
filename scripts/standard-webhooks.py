#!/usr/bin/env python3
"""Signs or verifies a webhook with the Standard Webhooks reference library (PyPI `standardwebhooks`), so the
BFF's tests check their signatures against the reference implementation itself.

    standard-webhooks.py sign SECRET ID TIMESTAMP     payload on stdin; prints the webhook-signature value
    standard-webhooks.py verify SECRET ID TIMESTAMP SIGNATURE
                                                      payload on stdin; exit 0 when the library accepts it,
                                                      1 (with its reason on stderr) when it refuses

Exit 3 when the library is not installed (`pip install standardwebhooks`).
"""
import sys
from datetime import datetime, timezone

try:
    from standardwebhooks.webhooks import Webhook, WebhookVerificationError
except ImportError:
    print("standard-webhooks.py: the Python package standardwebhooks is not installed", file=sys.stderr)
    sys.exit(3)


def main(argv):
    if len(argv) < 4 or argv[0] not in ("sign", "verify") or (argv[0] == "verify") != (len(argv) == 5):
        print(__doc__, file=sys.stderr)
        return 2
    command, secret, msg_id, timestamp = argv[:4]
    payload = sys.stdin.buffer.read().decode("utf-8")
    webhook = Webhook(secret)
    if command == "sign":
        when = datetime.fromtimestamp(int(timestamp), tz=timezone.utc)
        print(webhook.sign(msg_id=msg_id, timestamp=when, data=payload))
        return 0
    headers = {"webhook-id": msg_id, "webhook-timestamp": timestamp, "webhook-signature": argv[4]}
    try:
        webhook.verify(payload, headers, json_parse=False)
    except WebhookVerificationError as error:
        print(f"refused: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
