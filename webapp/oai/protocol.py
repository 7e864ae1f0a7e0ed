"""The OAI-PMH request: verbs and their arguments, UTC datestamps, signed resumption tokens,
and the protocol's error codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer

VERBS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # verb -> (required arguments, optional arguments); resumptionToken is exclusive
    "Identify": (frozenset(), frozenset()),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"})),
    "ListSets": (frozenset(), frozenset({"resumptionToken"})),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset()),
    "ListIdentifiers": (
        frozenset({"metadataPrefix"}),
        frozenset({"from", "until", "set", "resumptionToken"}),
    ),
    "ListRecords": (
        frozenset({"metadataPrefix"}),
        frozenset({"from", "until", "set", "resumptionToken"}),
    ),
}
SECONDS = "%Y-%m-%dT%H:%M:%SZ"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"


class OAIError(Exception):
    """A protocol error: its ``code`` (badArgument, badVerb, ...) and a message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def stamp(value: datetime) -> str:
    """A (naive UTC or aware) time as an OAI datestamp, YYYY-MM-DDThh:mm:ssZ."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime(SECONDS)


def parse_stamp(name: str, text: str, *, end: bool = False) -> tuple[datetime, str]:
    """A ``from``/``until`` argument as a naive UTC time and its granularity ("day" or
    "seconds"); a day means its first second, or its last with ``end``."""
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, time(23, 59, 59) if end else time()), "day"
        return datetime.strptime(text, SECONDS), "seconds"
    except ValueError:
        raise OAIError(
            "badArgument", f"{name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, not {text!r}"
        ) from None


@dataclass
class Request:
    """A checked request: its verb and arguments (from a resumption token when given)."""

    verb: str
    args: dict[str, str]
    since: datetime | None = None
    until: datetime | None = None
    after: int = 0  # the last record id already listed (a resumption token's)
    cursor: int = 0
    total: int | None = None


def read(params: dict[str, list[str]], tokens: Tokens) -> Request:
    """The request of these (multi-valued) parameters, or ``OAIError``."""
    verbs = params.get("verb", [])
    if len(verbs) != 1 or verbs[0] not in VERBS:
        shown = ", ".join(verbs) or "none"
        raise OAIError("badVerb", f"verb must be one of {', '.join(VERBS)}, not {shown}")
    verb = verbs[0]
    required, optional = VERBS[verb]
    args: dict[str, str] = {}
    for name, values in params.items():
        if name == "verb":
            continue
        if name not in required | optional:
            raise OAIError("badArgument", f"{verb} takes no argument {name!r}")
        if len(values) != 1:
            raise OAIError("badArgument", f"argument {name!r} is repeated")
        args[name] = values[0]
    if "resumptionToken" in args:
        if len(args) > 1:
            raise OAIError("badArgument", "resumptionToken must be the only argument")
        return tokens.load(verb, args["resumptionToken"])
    missing = sorted(required - set(args))
    if missing:
        raise OAIError("badArgument", f"{verb} needs {', '.join(missing)}")
    request = Request(verb, args)
    granularities = []
    if "from" in args:
        request.since, grain = parse_stamp("from", args["from"])
        granularities.append(grain)
    if "until" in args:
        request.until, grain = parse_stamp("until", args["until"], end=True)
        granularities.append(grain)
    if len(set(granularities)) > 1:
        raise OAIError("badArgument", "from and until must have the same granularity")
    if request.since and request.until and request.since > request.until:
        raise OAIError("badArgument", "from is later than until")
    return request


class Tokens:
    """Stateless resumption tokens: the list's arguments and where it stopped, signed with the
    site's secret key (a changed or foreign token is refused)."""

    def __init__(self, secret: str) -> None:
        self.serializer = URLSafeSerializer(secret, salt="oai-pmh resumption token")

    def dump(self, request: Request, *, after: int, cursor: int, total: int,
             until: datetime) -> str:
        """The token of the next page of ``request`` (its ``until`` fixed at the first
        page's time, so that the list stays the same while it is harvested)."""
        data: dict[str, Any] = {
            "v": request.verb,
            "m": request.args["metadataPrefix"],
            "s": request.args.get("set"),
            "f": stamp(request.since) if request.since else None,
            "u": stamp(request.until or until),
            "a": after,
            "c": cursor,
            "n": total,
        }
        return self.serializer.dumps(data)

    def load(self, verb: str, token: str) -> Request:
        """The request a token continues, or ``badResumptionToken``."""
        try:
            data = self.serializer.loads(token)
        except BadSignature:
            raise OAIError("badResumptionToken", "the resumption token is not valid") from None
        if not isinstance(data, dict) or data.get("v") != verb:
            raise OAIError("badResumptionToken", f"the resumption token is not one of {verb}")
        args = {"metadataPrefix": data["m"]}
        if data["s"]:
            args["set"] = data["s"]
        return Request(
            verb,
            args,
            since=datetime.strptime(data["f"], SECONDS) if data["f"] else None,
            until=datetime.strptime(data["u"], SECONDS),
            after=int(data["a"]),
            cursor=int(data["c"]),
            total=int(data["n"]),
        )
