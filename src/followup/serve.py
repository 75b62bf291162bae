"""`followup serve`: the library's door over HTTP, a small Starlette app run by uvicorn.

Every answer comes from `followup.api` (the same plan, explanation and problems as the CLI and
the library). Policies are loaded once at start (built-ins and `policy_dirs`); a request names a
policy, never a path, and nothing it sends reaches the file system. Bodies over `max_body` bytes
are refused with 413 before they are parsed; malformed JSON is 400, a request the library
refuses is 422, both with `{"problems": [{"code", "path", "message"}]}`.

Each answer carries, as OPA's decision logs do, a `decision_id` and the sha256 of its input
(the request body) and of the policies used, in the headers `X-Decision-Id`, `X-Input-Sha256`
and `X-Policy-Sha256` (the body stays exactly the library's contract). With a decision log, one
JSON line per decision is appended: those three, the endpoint, the status, the time (from the
injected clock) and the input with interviewers' and recruiters' names and emails masked.
Planning runs in a worker thread, one request at a time (durable_rules sessions are not shared
between threads), so the server keeps answering health checks and refusals meanwhile.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from followup import api
from followup.dates.clock import Clock, SystemClock
from followup.errors import FollowupError, InvalidInput
from followup.limits import MAX_REQUEST_KB
from followup.policy import Policy
from followup.schemas import SCHEMA_NAMES, schema

MASK = "***"
_PLANNING = threading.Lock()


class _Refused(Exception):
    def __init__(self, status: int, problems: list[tuple[str, str, str]]) -> None:
        super().__init__(status)
        self.status = status
        self.problems = problems


def problems_json(problems: Sequence[tuple[str, str, str]]) -> dict[str, Any]:
    return {"problems": [{"code": c, "path": p, "message": m} for c, p, m in problems]}


_PERSONAL = ("name", "surname", "email", "phone")


def mask_people(value: Any, person: bool = False) -> Any:
    """`value` with the name, surname, email and phone of every interviewer and recruiter
    (`person`: `value` is one of them, or a list of them), and the people a note was sent `to`,
    masked."""
    if isinstance(value, list):
        return [mask_people(v, person) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key == "to" and isinstance(item, list):  # whom a note was sent: names, emails
            out[key] = [MASK] * len(item)
        elif (key == "to" and isinstance(item, str)) or (person and key in _PERSONAL):
            out[key] = MASK
        else:
            out[key] = mask_people(item, key in ("interviewers", "recruiter"))
    return out


class DecisionLog:
    """Appends one JSON line per decision; each line is one `write` on an O_APPEND file (created
    readable by its owner only)."""

    def __init__(self, path: Path, clock: Clock) -> None:
        self.path = path
        self.clock = clock
        self._lock = threading.Lock()

    def append(self, record: Mapping[str, Any]) -> None:
        line = json.dumps({"time": self.clock.now().isoformat(), **record}, ensure_ascii=False)
        with self._lock, open(self.path, "ab", buffering=0, opener=_owner_only) as log:
            log.write((line + "\n").encode("utf-8"))


def _owner_only(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


@dataclass(frozen=True)
class Service:
    """The app's state: the policies loaded at start, the limits and the decision log."""

    registered: list[Policy]
    builtins: list[Policy]
    max_body: int
    log: DecisionLog | None

    @property
    def policies(self) -> list[Policy]:
        return [*self.registered, *self.builtins]

    async def body(self, request: Request) -> tuple[bytes, dict[str, Any]]:
        declared = request.headers.get("content-length")
        too_large = ("too-large", "", f"a request body is at most {self.max_body} bytes")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            raise _Refused(413, [too_large])
        raw = bytearray()
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > self.max_body:
                raise _Refused(413, [too_large])
        try:
            value = json.loads(bytes(raw))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise _Refused(400, [("bad-json", "", f"the body is not JSON: {exc}")]) from None
        if not isinstance(value, dict):
            raise _Refused(400, [("bad-json", "", "the body is a JSON object")])
        return bytes(raw), value


TEXT = {"type": "string"}
ANY_OBJECT = {"type": "object"}
_TYPES: dict[str, tuple[type, str, str]] = {
    "object": (dict, "wrong-type", "the events document is a JSON object"),
    "string": (str, "bad-value", "{!r} is text"),
    "boolean": (bool, "bad-value", "{!r} is true or false"),
}
"""What a request field of each JSON type (an object when it names none) arrives as in Python,
and the problem (code, message) when it is something else."""


def _asks(*required: str, planning: bool = True, **fields: Any) -> dict[str, Any]:
    """A request's JSON Schema; a planning request is also asked the events, `as_of` and a
    policy's name."""
    planned = {
        "events": {"$ref": "/v1/schema/events"},
        "as_of": {"type": "string", "description": "ISO 8601; no offset: candidate's zone"},
        "policy": {"type": "string", "description": "the name of a loaded policy"},
    }
    first = ["events", "as_of"] if planning else []
    props = {**planned, **fields} if planning else fields
    return {"type": "object", "required": [*first, *required], "properties": props}


Handler = Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]


def _plan(asked: dict[str, Any], planning: dict[str, Any]) -> dict[str, Any]:
    return api.plan_document(asked["events"], include_all=bool(asked["include_all"]), **planning)


def _explain(asked: dict[str, Any], planning: dict[str, Any]) -> dict[str, Any]:
    return api.explain_document(asked["events"], asked["action_id"], **planning)


def _why_not(asked: dict[str, Any], planning: dict[str, Any]) -> dict[str, Any]:
    rule, application = asked["rule"], asked["application"]
    return api.why_not_document(asked["events"], rule, application=application, **planning)


def _draft(asked: dict[str, Any], planning: dict[str, Any]) -> dict[str, Any]:
    return api.draft_document(asked["events"], asked["action_id"], **planning)


def _validate(asked: dict[str, Any], _: dict[str, Any]) -> dict[str, Any]:
    return api.validate_policy(asked["text"], asked["name"] or "policy")


ENDPOINTS: dict[str, tuple[str, dict[str, Any], dict[str, Any], Handler]] = {
    "plan": (
        "The plan",
        _asks(include_all={"type": "boolean"}),
        {"$ref": "/v1/schema/plan"},
        _plan,
    ),
    "explain": ("One action explained", _asks("action_id", action_id=TEXT), ANY_OBJECT, _explain),
    "why-not": (
        "Why a rule gave no action",
        _asks("rule", rule=TEXT, application=TEXT),
        ANY_OBJECT,
        _why_not,
    ),
    "draft": ("The message for an action", _asks("action_id", action_id=TEXT), ANY_OBJECT, _draft),
    "validate": (
        "Every problem of a policy given as text",
        _asks("text", planning=False, text=TEXT, name=TEXT),
        ANY_OBJECT,
        _validate,
    ),
}
"""Every POST endpoint, declared once: (OpenAPI summary, request schema, answer schema, the
library call that answers it). A request is checked against its schema before the call."""


def _answer(service: Service, name: str, body: Mapping[str, Any]) -> dict[str, Any]:
    """The library's answer to a request whose fields (None: not given) are as declared;
    every missing required field and every field of the wrong type is refused at once."""
    _, schema, _, handler = ENDPOINTS[name]
    asked = {key: body.get(key) for key in schema["properties"]}
    problems = []
    for key, value in asked.items():
        wanted, code, message = _TYPES[schema["properties"][key].get("type", "object")]
        if value is None and key in schema["required"]:
            problems.append(("missing", key, f"{key!r} is required"))
        elif value is not None and not isinstance(value, wanted):
            problems.append((code, key, message.format(key)))
    if problems:
        raise _Refused(422, problems)
    if "as_of" not in asked:
        return handler(asked, {})
    planning = {"as_of": asked["as_of"], "policy": asked["policy"], "policies": service.registered}
    return handler(asked, planning)


def _policy_digest(answer: Mapping[str, Any], service: Service, body: Mapping[str, Any]) -> str:
    """sha256 over the `name:sha256` lines of the policies the answer used."""
    used = [f"{p['name']}:{p['sha256']}" for p in answer.get("policies", [])]
    if not used and isinstance(answer.get("action"), dict):
        name = answer["action"].get("policy")
        used = [f"{p.name}:{p.sha256}" for p in service.policies if p.name == name]
    if not used and "text" in body:
        used = [f"text:{hashlib.sha256(str(body['text']).encode()).hexdigest()}"]
    return hashlib.sha256("\n".join(sorted(used)).encode()).hexdigest()


def _endpoint(service: Service, name: str) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        decision_id = str(uuid.uuid4())
        raw, status = b"", 200
        body: dict[str, Any] = {}
        answer: dict[str, Any] = {}
        try:
            raw, body = await service.body(request)

            def decide() -> dict[str, Any]:
                with _PLANNING:
                    return _answer(service, name, body)

            answer = await run_in_threadpool(decide)
        except _Refused as refused:
            status, answer = refused.status, problems_json(refused.problems)
        except InvalidInput as invalid:
            status, answer = 422, problems_json(invalid.problems)
        except FollowupError as error:  # not InvalidInput, yet the request's: never a 500
            status, answer = 422, problems_json([("invalid", "", error.message)])
        headers = {
            "X-Decision-Id": decision_id,
            "X-Input-Sha256": hashlib.sha256(raw).hexdigest(),
            "X-Policy-Sha256": _policy_digest(answer, service, body) if status == 200 else "",
        }
        if service.log is not None:
            service.log.append(
                {
                    "decision_id": decision_id,
                    "endpoint": name,
                    "status": status,
                    "input_sha256": headers["X-Input-Sha256"],
                    "policy_sha256": headers["X-Policy-Sha256"],
                    "input": mask_people(body),
                    "result": _summary(answer),
                }
            )
        return JSONResponse(answer, status_code=status, headers=headers)

    return endpoint


def _summary(answer: Mapping[str, Any]) -> Any:
    """What the decision log keeps of an answer: ids and statuses, problems; no names."""
    if "actions" in answer:
        return [{"id": masked_id(a["id"]), "status": a["status"]} for a in answer["actions"]]
    if "problems" in answer and "valid" not in answer:
        return answer["problems"]
    if isinstance(answer.get("action"), dict):
        return {"id": masked_id(answer["action"]["id"]), "status": answer["action"]["status"]}
    kept = {k: answer[k] for k in ("action_id", "valid", "rule", "answer") if k in answer}
    if isinstance(kept.get("action_id"), str):
        kept["action_id"] = masked_id(kept["action_id"])
    return kept


def masked_id(action_id: str) -> str:
    """An action id as the decision log keeps it: the person's part (`.../2026-10-06/grace-hopper`,
    the slug of a name) replaced by `p-` and the first 8 hex digits of its sha256, so that the
    log names nobody while one person's actions can still be told apart and matched with a
    plan of the same input."""
    parts = action_id.split("/")
    if len(parts) < 4:
        return action_id
    person = "/".join(parts[3:])
    return "/".join([*parts[:3], "p-" + hashlib.sha256(person.encode()).hexdigest()[:8]])


def openapi() -> dict[str, Any]:
    problems = {"description": "the problems", "content": {"application/json": {}}}
    posts = {
        f"/v1/{name}": {
            "post": {
                "summary": summary,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": request}},
                },
                "responses": {
                    "200": {
                        "description": "the answer",
                        "content": {"application/json": {"schema": answer}},
                    },
                    **dict.fromkeys(("400", "413", "422"), problems),
                },
            }
        }
        for name, (summary, request, answer, _) in ENDPOINTS.items()
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "interview-followup", "version": "1"},
        "paths": {
            **posts,
            "/v1/policies": {"get": {"summary": "The policies loaded at start"}},
            "/v1/schema/{name}": {"get": {"summary": "A JSON Schema: events, plan or policy"}},
            "/health": {"get": {"summary": "Alive"}},
        },
    }


def create_app(
    *,
    policy_dirs: Sequence[Path] = (),
    max_body: int = MAX_REQUEST_KB * 1024,
    decision_log: Path | None = None,
    clock: Clock | None = None,
) -> Starlette:
    from followup.policy.registry import load_registered

    log = DecisionLog(decision_log, clock or SystemClock()) if decision_log else None
    service = Service(load_registered(policy_dirs), api.builtin_policies(), max_body, log)

    async def policies(_: Request) -> Response:
        listed = [
            {
                "name": p.name,
                "source": p.source,
                "sha256": p.sha256,
                "description": p.description,
                "industries": list(p.industries),
                "rules": [r.id for r in p.rules],
            }
            for p in service.policies
        ]
        return JSONResponse({"policies": listed})

    async def schema_of(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in SCHEMA_NAMES:
            problem = ("unknown-schema", "name", f"one of {', '.join(SCHEMA_NAMES)}")
            return JSONResponse(problems_json([problem]), status_code=404)
        return JSONResponse(schema(name))

    async def health(_: Request) -> Response:
        return JSONResponse({"status": "ok", "policies": len(service.policies)})

    async def openapi_json(_: Request) -> Response:
        return JSONResponse(openapi())

    routes = [
        *(Route(f"/v1/{name}", _endpoint(service, name), methods=["POST"]) for name in ENDPOINTS),
        Route("/v1/policies", policies, methods=["GET"]),
        Route("/v1/schema/{name}", schema_of, methods=["GET"]),
        Route("/openapi.json", openapi_json, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
    ]
    return Starlette(routes=routes)
