"""`followup serve` against a real uvicorn server on a free loopback port, with a real HTTP client
(the standard library's), concurrent clients included."""

from __future__ import annotations

import copy
import hashlib
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import jsonschema
import pendulum
import pytest
import uvicorn

from followup.api import plan_document
from followup.dates.clock import FixedClock
from followup.schemas import schema
from followup.serve import MASK, create_app, mask_people, masked_id
from followup.source import load_document
from paths import ROOT

TECH = load_document(ROOT / "examples" / "tech-panel.yaml").value
AS_OF = "2026-10-07T09:00"
PANEL = "acme-sre/thank-you-panel-lead/2026-10-06"
MAX_BODY = 64 * 1024
NOW = pendulum.datetime(2026, 10, 7, 9, 0, tz="UTC")


def _lower(headers: Any) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    def __init__(self, log: Path) -> None:
        app = create_app(
            policy_dirs=[ROOT / "examples" / "policies"],
            max_body=MAX_BODY,
            decision_log=log,
            clock=FixedClock(NOW),
        )
        self.port = _free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="error")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        for _ in range(500):
            if self.server.started:
                return self
            time.sleep(0.01)
        raise AssertionError("the server did not start")

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def call(
        self, method: str, path: str, body: Any = None, raw: bytes | None = None
    ) -> tuple[int, dict[str, str], Any]:
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, _lower(answer.headers), json.loads(answer.read())
        except urllib.error.HTTPError as error:
            return error.code, _lower(error.headers), json.loads(error.read() or b"null")


@pytest.fixture(scope="module")
def log_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("serve") / "decisions.jsonl"


@pytest.fixture(scope="module")
def server(log_path: Path) -> Iterator[Server]:
    with Server(log_path) as running:
        yield running


def test_plan_is_the_library_contract_with_decision_headers(server: Server) -> None:
    body = {"events": TECH, "as_of": AS_OF}
    status, headers, answer = server.call("POST", "/v1/plan", body)
    assert status == 200
    assert answer == plan_document(TECH, as_of=AS_OF)
    jsonschema.validate(answer, schema("plan"))
    assert len(headers["x-decision-id"]) == 36
    assert headers["x-input-sha256"] == hashlib.sha256(json.dumps(body).encode()).hexdigest()
    used = "\n".join(sorted(f"{p['name']}:{p['sha256']}" for p in answer["policies"]))
    assert headers["x-policy-sha256"] == hashlib.sha256(used.encode()).hexdigest()
    _, again, _ = server.call("POST", "/v1/plan", body)
    assert again["x-decision-id"] != headers["x-decision-id"]
    assert again["x-input-sha256"] == headers["x-input-sha256"]


def test_named_policies_loaded_at_start(server: Server) -> None:
    _, _, listed = server.call("GET", "/v1/policies")
    names = [p["name"] for p in listed["policies"]]
    assert {"generic", "fast-paced", "conservative", "veterinary"} <= set(names)
    status, _, answer = server.call(
        "POST", "/v1/plan", {"events": TECH, "as_of": AS_OF, "policy": "conservative"}
    )
    assert status == 200 and {a["policy"] for a in answer["actions"]} == {"conservative"}
    status, _, answer = server.call(
        "POST", "/v1/plan", {"events": TECH, "as_of": AS_OF, "policy": "/etc/passwd"}
    )
    assert status == 422 and answer["problems"][0]["code"] == "unknown-policy"


def test_explain_why_not_draft_validate(server: Server) -> None:
    base = {"events": TECH, "as_of": AS_OF}
    status, _, explained = server.call("POST", "/v1/explain", {**base, "action_id": PANEL})
    assert status == 200 and explained["action"]["id"] == PANEL and "rule" in explained["text"]
    status, _, answer = server.call(
        "POST",
        "/v1/why-not",
        {**base, "rule": "follow-up-after-later-round", "application": "acme-sre"},
    )
    assert status == 200 and answer["rule"] == "follow-up-after-later-round"
    status, _, draft = server.call("POST", "/v1/draft", {**base, "action_id": PANEL})
    assert status == 200 and draft["subject"]
    status, _, report = server.call("POST", "/v1/validate", {"text": "policy: x\nrules: [1]\n"})
    assert status == 200 and report["valid"] is False and report["problems"]


def test_bad_requests(server: Server) -> None:
    status, _, answer = server.call("POST", "/v1/plan", raw=b"{not json")
    assert status == 400 and answer["problems"][0]["code"] == "bad-json"
    status, _, answer = server.call(
        "POST", "/v1/plan", {"events": {"candidate": {}}, "as_of": AS_OF}
    )
    assert status == 422
    found = {(p["code"], p["path"], p["message"]) for p in answer["problems"]}
    assert found == {
        ("missing-key", "", "missing required key 'applications'"),
        ("missing-key", "candidate", "missing required key 'name'"),
    }
    status, _, answer = server.call("POST", "/v1/plan", {"events": TECH})
    assert status == 422 and answer["problems"] == [
        {"code": "missing", "path": "as_of", "message": "'as_of' is required"}
    ]
    # Every field of the wrong type at once, each as the OpenAPI document declares it.
    status, _, answer = server.call(
        "POST", "/v1/explain", {"events": TECH, "as_of": True, "action_id": True}
    )
    assert status == 422 and answer["problems"] == [
        {"code": "bad-value", "path": "as_of", "message": "'as_of' is text"},
        {"code": "bad-value", "path": "action_id", "message": "'action_id' is text"},
    ]
    status, _, answer = server.call(
        "POST", "/v1/plan", {"events": TECH, "as_of": AS_OF, "include_all": "false"}
    )
    assert status == 422 and answer["problems"] == [
        {"code": "bad-value", "path": "include_all", "message": "'include_all' is true or false"}
    ]
    status, _, answer = server.call("POST", "/v1/plan", raw=b"x" * (MAX_BODY + 1))
    assert status == 413 and answer["problems"][0]["code"] == "too-large"
    status, _, answer = server.call("GET", "/v1/schema/nope")
    assert status == 404


def test_a_library_error_that_is_not_invalid_input_is_a_422_never_a_500(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup import api
    from followup.errors import InputError

    def broken(text: str, name: str) -> dict[str, Any]:
        raise InputError("policy: cannot be checked")

    monkeypatch.setattr(api, "validate_policy", broken)
    status, _, answer = server.call("POST", "/v1/validate", {"text": "policy: x\n"})
    assert status == 422
    assert answer["problems"] == [
        {"code": "invalid", "path": "", "message": "policy: cannot be checked"}
    ]


def test_schemas_openapi_health(server: Server) -> None:
    for name in ("events", "plan", "policy"):
        status, _, answer = server.call("GET", f"/v1/schema/{name}")
        assert status == 200 and answer == schema(name)
    _, _, spec = server.call("GET", "/openapi.json")
    assert spec["openapi"].startswith("3.1") and "/v1/plan" in spec["paths"]
    assert server.call("GET", "/health")[2]["status"] == "ok"


def test_keeps_answering_under_concurrent_good_bad_and_oversized_requests(server: Server) -> None:
    good = {"events": TECH, "as_of": AS_OF}

    def client(n: int) -> list[int]:
        codes = []
        for k in range(6):
            if (n + k) % 3 == 0:
                codes.append(server.call("POST", "/v1/plan", raw=b"x" * (MAX_BODY + 10))[0])
            elif (n + k) % 3 == 1:
                codes.append(server.call("POST", "/v1/plan", raw=b'{"events": [')[0])
            else:
                codes.append(server.call("POST", "/v1/plan", good)[0])
        return codes

    with ThreadPoolExecutor(16) as pool:
        codes = [c for found in pool.map(client, range(16)) for c in found]
    assert sorted(set(codes)) == [200, 400, 413]
    assert codes.count(200) == 32
    assert server.call("GET", "/health")[0] == 200


def test_decision_log_masks_people(server: Server, log_path: Path) -> None:
    server.call("POST", "/v1/plan", {"events": TECH, "as_of": AS_OF})
    records = [json.loads(line) for line in log_path.read_text("utf-8").splitlines()]
    assert records and all(r["time"] == NOW.isoformat() for r in records)
    assert log_path.stat().st_mode & 0o777 == 0o600  # readable by its owner only
    text = log_path.read_text("utf-8")
    for secret in ("grace@acme.example", "Grace Hopper", "alan@acme.example", "Sam Reed"):
        assert secret not in text
    plan = next(r for r in records if r["endpoint"] == "plan" and r["status"] == 200)
    assert {"decision_id", "input_sha256", "policy_sha256", "input", "result"} <= set(plan)
    assert plan["result"][0]["id"] and "to" not in plan["result"][0]


def test_decision_log_ids_name_nobody(server: Server, log_path: Path) -> None:
    # Grace Hopper's round-1 note has her name's slug in its id: the log keeps a digest of it
    status, _, answer = server.call(
        "POST", "/v1/plan", {"events": TECH, "as_of": AS_OF, "include_all": True}
    )
    assert status == 200
    ids = [a["id"] for a in answer["actions"]]
    assert "acme-sre/thank-you-each-interviewer/2026-09-22/grace-hopper" in ids
    text = log_path.read_text("utf-8")
    assert "grace-hopper" not in text and "hopper" not in text.lower()
    plan = json.loads(text.splitlines()[-1])
    digest = hashlib.sha256(b"grace-hopper").hexdigest()[:8]
    kept = [r["id"] for r in plan["result"]]
    assert f"acme-sre/thank-you-each-interviewer/2026-09-22/p-{digest}" in kept
    assert kept == [masked_id(i) for i in ids]
    assert masked_id(PANEL) == PANEL  # an id without a person's part is kept as it is


def test_mask_people() -> None:
    with_phone = copy.deepcopy(TECH)
    with_phone["applications"][0]["recruiter"]["phone"] = "+44 20 7946 0000"
    with_phone["applications"][0]["events"][0]["interviewers"][0]["phone"] = "+44 20 7946 0001"
    with_phone["applications"][0]["recruiter"]["surname"] = "Reed"  # a greeting's surname (G27)
    masked = mask_people(with_phone)
    app = masked["applications"][0]
    assert app["recruiter"]["name"] == MASK and app["recruiter"]["email"] == MASK
    interviewers = app["events"][0]["interviewers"]
    assert interviewers[0]["name"] == MASK and interviewers[0]["title"] == "Director"
    assert app["recruiter"]["phone"] == MASK and interviewers[0]["phone"] == MASK
    assert app["recruiter"]["surname"] == MASK  # part of the name: never in the log
    assert masked["candidate"] == TECH["candidate"]
    assert app["events"][1]["to"] == [MASK, MASK]
