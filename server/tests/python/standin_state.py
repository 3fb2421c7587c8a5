"""The OCI stand-in's data: Vault secrets, streams, topics, and the failures tests inject into them.

All of it in memory behind one lock (the HTTP server is threaded). Shapes follow oci.md §3-§5 and
the OCI Python SDK's models (SecretBundle, PutMessagesResult, Cursor, Message, PublishResult).
"""
import base64
import binascii
import datetime
import hashlib
import json
import threading
import uuid

from standin_auth import Refused

MAX_PUT_BYTES = 1024 * 1024
MAX_NOTIFICATION_BYTES = 64 * 1024
CURSOR_TYPES = ("TRIM_HORIZON", "LATEST", "AT_OFFSET", "AFTER_OFFSET", "AT_TIME")


def rfc3339(dt=None):
    dt = dt or datetime.datetime.now(datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def not_found(what):
    return Refused(
        f"{what} not found or not authorized", status=404, code="NotAuthorizedOrNotFound"
    )


def invalid(message):
    return Refused(message, status=400, code="InvalidParameter")


def b64decode(text, what):
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, TypeError, ValueError):
        raise invalid(f"{what} is not base64") from None


def text_or_none(raw):
    if raw is None:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


class State:
    def __init__(self, partitions=1, streams=(), topics=()):
        self.lock = threading.RLock()
        self.partitions = max(1, partitions)
        self.secrets = {}
        # Only these ids exist when some are configured; with none, any id does (auto-created).
        self.known_streams = set(streams)
        self.known_topics = set(topics)
        self.streams = {}
        self.topics = {}
        self.clear_faults()

    def clear_faults(self):
        with self.lock:
            self.outages = {}  # "streams" | "topics" | "secrets" -> {"status", "retry_after"}
            self.fail_next_rules = []  # {"count", "status", "prefix"}
            self.message_rules = []  # {"count" (None: every match), "key", "stream", "error", ...}

    # Faults ---------------------------------------------------------------------------------

    def set_outage(self, service, down, status=503, retry_after=None):
        with self.lock:
            if down:
                self.outages[service] = {"status": int(status), "retry_after": retry_after}
            else:
                self.outages.pop(service, None)

    def check_outage(self, service):
        with self.lock:
            outage = self.outages.get(service)
        if outage:
            headers = {}
            if outage.get("retry_after") is not None:
                headers["retry-after"] = str(outage["retry_after"])
            status = outage["status"]
            code = "TooManyRequests" if status == 429 else "ServiceUnavailable"
            raise Refused(f"injected outage of {service}", status, code, headers)

    def add_fail_next(self, count, status, prefix):
        with self.lock:
            self.fail_next_rules.append({"count": int(count), "status": int(status), "prefix": prefix})

    def check_fail_next(self, path):
        with self.lock:
            for rule in self.fail_next_rules:
                if rule["count"] > 0 and path.startswith(rule["prefix"]):
                    rule["count"] -= 1
                    status = rule["status"]
                    break
            else:
                return
        code = {429: "TooManyRequests", 503: "ServiceUnavailable"}.get(status, "InternalServerError")
        raise Refused(f"injected failure ({status})", status, code)

    def add_message_rule(self, rule):
        with self.lock:
            self.message_rules.append(
                {
                    "count": rule.get("count"),
                    "key": rule.get("key"),
                    "stream": rule.get("stream"),
                    "error": rule.get("error", "InternalServerError"),
                    "message": rule.get("message", "injected per-message failure"),
                }
            )

    def _message_failure(self, stream_id, key):
        key_text = text_or_none(key) or ""
        for rule in self.message_rules:
            if rule["count"] is not None and rule["count"] <= 0:
                continue
            if rule["stream"] not in (None, stream_id):
                continue
            if rule["key"] is not None and rule["key"] not in key_text:
                continue
            if rule["count"] is not None:
                rule["count"] -= 1
            return rule
        return None

    # Vault ----------------------------------------------------------------------------------

    def put_secret(self, secret_id, value, readers=None):
        with self.lock:
            versions = self.secrets.setdefault(secret_id, {"versions": [], "readers": None})
            versions["versions"].append({"content": value, "created": rfc3339()})
            versions["readers"] = readers

    def secret_bundle(self, secret_id, query, principal):
        with self.lock:
            secret = self.secrets.get(secret_id)
            if secret is None:
                raise not_found(f"secret {secret_id}")
            readers = secret["readers"]
            if readers is not None and not (
                principal.get("id") in readers or principal.get("type") in readers
            ):
                raise not_found(f"secret {secret_id} (principal {principal.get('id')} may not read it)")
            versions = secret["versions"]
            index = len(versions) - 1
            if "versionNumber" in query:
                try:
                    index = int(query["versionNumber"]) - 1
                except ValueError:
                    raise invalid("versionNumber is not an integer") from None
            elif query.get("stage") == "PREVIOUS":
                index = len(versions) - 2
            elif query.get("stage") not in (None, "CURRENT", "LATEST"):
                raise not_found(f"stage {query['stage']} of secret {secret_id}")
            if not 0 <= index < len(versions):
                raise not_found(f"that version of secret {secret_id}")
            version = versions[index]
            stages = ["CURRENT", "LATEST"] if index == len(versions) - 1 else ["PREVIOUS"]
            return {
                "secretId": secret_id,
                "versionNumber": index + 1,
                "versionName": None,
                "timeCreated": version["created"],
                "timeOfDeletion": None,
                "timeOfExpiry": None,
                "stages": stages,
                "metadata": None,
                "secretBundleContent": {
                    "contentType": "BASE64",
                    "content": base64.b64encode(version["content"]).decode(),
                },
            }

    # Streaming ------------------------------------------------------------------------------

    def _stream(self, stream_id):
        if self.known_streams and stream_id not in self.known_streams:
            raise not_found(f"stream {stream_id}")
        return self.streams.setdefault(stream_id, [[] for _ in range(self.partitions)])

    def _partition_of(self, key):
        if key is None or self.partitions == 1:
            return 0
        return int.from_bytes(hashlib.sha256(key).digest()[:4], "big") % self.partitions

    def put_messages(self, stream_id, body):
        if len(body) > MAX_PUT_BYTES:
            raise invalid("the request is larger than 1 MiB")
        try:
            messages = json.loads(body)["messages"]
            assert isinstance(messages, list) and messages
        except (ValueError, KeyError, TypeError, AssertionError):
            raise invalid('the body is not {"messages": [...]} with at least one message') from None
        decoded = []
        for i, m in enumerate(messages):
            if not isinstance(m, dict) or not isinstance(m.get("value"), str):
                raise invalid(f"messages[{i}] has no base64 value")
            key = m.get("key")
            if key is not None and not isinstance(key, str):
                raise invalid(f"messages[{i}].key is not base64 or null")
            decoded.append(
                (
                    None if key is None else b64decode(key, f"messages[{i}].key"),
                    b64decode(m["value"], f"messages[{i}].value"),
                )
            )
        entries, failures = [], 0
        with self.lock:
            partitions = self._stream(stream_id)
            for key, value in decoded:
                rule = self._message_failure(stream_id, key)
                if rule:
                    failures += 1
                    entries.append({"error": rule["error"], "errorMessage": rule["message"]})
                    continue
                p = self._partition_of(key)
                stamp = rfc3339()
                partitions[p].append(
                    {"key": key, "value": value, "offset": len(partitions[p]), "timestamp": stamp}
                )
                entries.append({"partition": str(p), "offset": len(partitions[p]) - 1, "timestamp": stamp})
        return {"failures": failures, "entries": entries}

    def create_cursor(self, stream_id, body):
        try:
            details = json.loads(body)
            partition = int(details["partition"])
            kind = details["type"]
        except (ValueError, KeyError, TypeError):
            raise invalid('the body is not {"partition": "0", "type": ...}') from None
        if kind not in CURSOR_TYPES:
            raise invalid(f"cursor type {kind!r} is not one of {', '.join(CURSOR_TYPES)}")
        with self.lock:
            partitions = self._stream(stream_id)
            if not 0 <= partition < len(partitions):
                raise invalid(f"partition {partition} does not exist")
            messages = partitions[partition]
            if kind == "TRIM_HORIZON" or kind == "AT_TIME":
                # AT_TIME from the start is allowed: the consumer filters by timestamp anyway.
                offset = 0
            elif kind == "LATEST":
                offset = len(messages)
            else:
                if not isinstance(details.get("offset"), int):
                    raise invalid(f"{kind} needs an integer offset")
                offset = details["offset"] + (1 if kind == "AFTER_OFFSET" else 0)
        return {"value": self.cursor(stream_id, partition, offset)}

    @staticmethod
    def cursor(stream_id, partition, offset):
        raw = json.dumps({"s": stream_id, "p": partition, "o": offset}).encode()
        return base64.urlsafe_b64encode(raw).decode()

    def get_messages(self, stream_id, cursor, limit):
        try:
            c = json.loads(base64.urlsafe_b64decode(cursor))
            assert c["s"] == stream_id
            partition, offset = int(c["p"]), int(c["o"])
        except (ValueError, KeyError, TypeError, AssertionError, binascii.Error):
            raise invalid("the cursor is not one of this stream's") from None
        with self.lock:
            partitions = self._stream(stream_id)
            if not 0 <= partition < len(partitions):
                raise invalid("the cursor's partition does not exist")
            batch = partitions[partition][offset : offset + limit]
        out = [
            {
                "stream": stream_id,
                "partition": str(partition),
                "key": None if m["key"] is None else base64.b64encode(m["key"]).decode(),
                "value": base64.b64encode(m["value"]).decode(),
                "offset": m["offset"],
                "timestamp": m["timestamp"],
            }
            for m in batch
        ]
        return out, self.cursor(stream_id, partition, offset + len(batch))

    def stream_dump(self, stream_id):
        """Every stored message, partition by partition, in offset order (the test read-back)."""
        with self.lock:
            partitions = self.streams.get(stream_id, [])
            out = []
            for p, messages in enumerate(partitions):
                for m in messages:
                    out.append(
                        {
                            "partition": str(p),
                            "offset": m["offset"],
                            "timestamp": m["timestamp"],
                            "key": None if m["key"] is None else base64.b64encode(m["key"]).decode(),
                            "value": base64.b64encode(m["value"]).decode(),
                            "key_text": text_or_none(m["key"]),
                            "value_text": text_or_none(m["value"]),
                        }
                    )
            return out

    # Notifications --------------------------------------------------------------------------

    def publish(self, topic_id, body, message_type):
        if message_type not in (None, "JSON", "RAW_TEXT"):
            raise invalid(f"messageType {message_type!r} is not JSON or RAW_TEXT")
        try:
            details = json.loads(body)
            text = details["body"]
            title = details.get("title")
            assert isinstance(text, str) and (title is None or isinstance(title, str))
        except (ValueError, KeyError, TypeError, AssertionError):
            raise invalid('the body is not {"title": ..., "body": "..."}') from None
        if len(text.encode()) + len((title or "").encode()) > MAX_NOTIFICATION_BYTES:
            raise invalid("the message is larger than 64 KB")
        with self.lock:
            if self.known_topics and topic_id not in self.known_topics:
                raise not_found(f"topic {topic_id}")
            message = {
                "messageId": str(uuid.uuid4()),
                "timeStamp": rfc3339(),
                "title": title,
                "body": text,
                "messageType": message_type,
            }
            self.topics.setdefault(topic_id, []).append(message)
        return {"messageId": message["messageId"], "timeStamp": message["timeStamp"]}

    def topic_dump(self, topic_id):
        with self.lock:
            return list(self.topics.get(topic_id, []))
