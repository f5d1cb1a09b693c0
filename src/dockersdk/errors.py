"""Every exception dockersdk raises, and the one function that maps engine replies to them.

The tree::

    DockerException
    ├── APIError                      the engine answered with an error status
    │   ├── BadRequest                400
    │   ├── Unauthorized              401
    │   ├── Forbidden                 403
    │   ├── NotFound                  404
    │   │   ├── ImageNotFound
    │   │   └── ContainerNotFound
    │   ├── Conflict                  409
    │   ├── NotModified               304
    │   └── ServerError               5xx
    ├── DockerConnectionError         could not reach the engine (names the address)
    │   └── DockerTimeoutError        connect or read timed out
    ├── InvalidArgument               bad input caught before anything was sent
    │   ├── InvalidArgumentType       ... of the wrong type (also a TypeError)
    │   └── NullResource              a method needing an id got none
    ├── InvalidVersion                API version not supported by the engine or the SDK
    ├── InvalidRepository
    ├── InvalidConfigFile
    ├── ContextException              a docker CLI context cannot be used
    │   ├── ContextNotFound           no context of that name
    │   ├── ContextAlreadyExists      creating a context whose name is taken
    │   └── MissingContextParameter   a context call without a name
    ├── TLSParameterError
    ├── StreamParseError              a stream from the engine could not be decoded
    ├── ResponseParseError            a reply body is not what the API promises
    ├── FieldRemovedError             a reply field the engine's API version no longer sends
    ├── ArchiveError                  a tar archive is unsafe or unreadable (names the member)
    ├── ContainerError                a container run by ``containers.run`` exited non-zero
    ├── BuildError                    an image build failed
    ├── ImageLoadError                ``images.load`` got no image back
    └── DeprecatedMethod              kept for docker-py code that names it; never raised

``create_api_error_from_http_exception`` and ``create_unexpected_kwargs_error`` are
docker-py's helpers, for code that calls them.

None of them inherits from an HTTP library's exceptions; connection errors wrap them with
``raise ... from exc``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NoReturn

from dockersdk._guards import is_dict

if TYPE_CHECKING:
    from pydantic import ValidationError

    from dockersdk.transport._messages import Response

__all__ = [
    "APIError",
    "ArchiveError",
    "BadRequest",
    "BuildError",
    "Conflict",
    "ContainerError",
    "ContainerNotFound",
    "ContextAlreadyExists",
    "ContextException",
    "ContextNotFound",
    "DeprecatedMethod",
    "DockerConnectionError",
    "DockerException",
    "DockerTimeoutError",
    "FieldRemovedError",
    "Forbidden",
    "ImageLoadError",
    "ImageNotFound",
    "InvalidArgument",
    "InvalidArgumentType",
    "InvalidConfigFile",
    "InvalidRepository",
    "InvalidVersion",
    "MissingContextParameter",
    "NotFound",
    "NotModified",
    "NullResource",
    "ResponseParseError",
    "ServerError",
    "StreamParseError",
    "TLSParameterError",
    "Unauthorized",
    "create_api_error_from_http_exception",
    "create_unexpected_kwargs_error",
    "error_for_response",
]


class DockerException(Exception):
    """The root of every error dockersdk raises."""


class APIError(DockerException):
    """The engine answered a request with an error status.

    Attributes:
        status_code: the HTTP status the engine returned.
        explanation: the engine's own message (its JSON ``message``), if any.
        response: the engine's reply, when one is at hand: ``status_code``, ``headers``,
            ``content``, ``text``, ``json()``, as on an ``httpx.Response``.
    """

    def __init__(
        self,
        message: str,
        response: Response | None = None,
        explanation: str | None = None,
        *,
        status_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.response = response
        self.explanation = explanation
        if status_code is None and response is not None:
            status_code = response.status_code
        self.status_code = status_code

    def __str__(self) -> str:
        text = self.message
        if self.explanation and self.explanation not in text:
            text = f"{text}: {self.explanation}"
        return text

    def is_client_error(self) -> bool:
        """True for 4xx statuses (a method, as in docker-py)."""
        return self.status_code is not None and 400 <= self.status_code < 500

    def is_server_error(self) -> bool:
        """True for 5xx statuses (a method, as in docker-py)."""
        return self.status_code is not None and 500 <= self.status_code < 600

    def is_error(self) -> bool:
        """True for any 4xx or 5xx status."""
        return self.is_client_error() or self.is_server_error()


class BadRequest(APIError):
    """400: the engine rejected the request's parameters."""


class Unauthorized(APIError):
    """401: registry or engine authentication failed."""


class Forbidden(APIError):
    """403: the engine refused the operation."""


class NotFound(APIError):
    """404: the object does not exist."""


class ImageNotFound(NotFound):
    """404 for an image."""


class ContainerNotFound(NotFound):
    """404 for a container."""


class Conflict(APIError):
    """409: the object is in a state that forbids the operation (or the name is taken)."""


class NotModified(APIError):
    """304: the object already was in the requested state (e.g. starting a running container)."""


class ServerError(APIError):
    """5xx: the engine failed to carry out the request."""


class DockerConnectionError(DockerException):
    """The engine at ``address`` could not be reached."""

    def __init__(self, message: str, address: str | None = None) -> None:
        super().__init__(message)
        self.address = address


class DockerTimeoutError(DockerConnectionError):
    """A connect or read timeout expired while talking to the engine."""


class InvalidArgument(DockerException, ValueError):
    """An argument was rejected before anything was sent to the engine."""


class InvalidArgumentType(InvalidArgument, TypeError):
    """An argument of the wrong type: an :class:`InvalidArgument` that is also a ``TypeError``.

    docker-py raised ``TypeError`` for these; both ``except`` clauses keep working.
    """


def require_type(value: object, types: type | tuple[type, ...], what: str) -> None:
    """Raise :class:`InvalidArgumentType` naming ``what`` unless ``value`` is one of ``types``."""
    if not isinstance(value, types):
        names = " or ".join(t.__name__ for t in (types if isinstance(types, tuple) else (types,)))
        raise InvalidArgumentType(f"{what} must be {names}, got {type(value).__name__}: {value!r}")


def validation_problems(exc: ValidationError, most: int = 3) -> str:
    """What a pydantic validation of an engine reply found, as ``where: what`` pairs.

    The values themselves are left out: a reply can hold secrets (a container's
    environment, a service's secret data), and messages end up in logs.
    """
    problems = [
        f"{'.'.join(str(part) for part in error['loc']) or '(the whole body)'}: {error['msg']}"
        for error in exc.errors(include_url=False, include_context=False, include_input=False)
    ]
    text = "; ".join(problems[:most])
    if len(problems) > most:
        text += f" (and {len(problems) - most} more)"
    return text


class NullResource(InvalidArgument):
    """A method that acts on an object (container, image, ...) was given no id or name."""


class InvalidVersion(DockerException):
    """An API version is outside what the engine or the SDK supports."""


class InvalidRepository(DockerException):
    """A repository name could not be parsed."""


class InvalidConfigFile(DockerException):
    """A Docker config file (``config.json``, a context) is malformed."""


class ContextException(DockerException):
    """A docker CLI context (``docker context``) cannot be used."""


class ContextNotFound(ContextException, InvalidArgument):
    """No docker CLI context of that name exists (docker-py's name)."""


class ContextAlreadyExists(ContextException):
    """A context of that name already exists (``ContextAPI.create_context``)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"context {name} already exists")
        self.name = name


class MissingContextParameter(ContextException, InvalidArgument):
    """A context operation was called without a required parameter (its name)."""

    def __init__(self, param: str) -> None:
        super().__init__(f"missing parameter: {param}")
        self.param = param


class DeprecatedMethod(DockerException):
    """docker-py's name for a removed method; dockersdk never raises it."""


class ImageLoadError(DockerException):
    """``images.load`` found no image in what the engine answered."""


class TLSParameterError(DockerException):
    """TLS settings are incomplete or point at missing files."""


class StreamParseError(DockerException, RuntimeError):
    """A stream from the engine (frames, JSON progress) could not be decoded.

    Also a ``RuntimeError``, as docker-py's is, so its ``except`` clauses keep working.
    """


class ResponseParseError(DockerException, ValueError):
    """A successful reply's body could not be read as the type the API promises."""


class FieldRemovedError(DockerException, AttributeError):
    """A typed read of a field a newer Engine API removed, absent from this reply.

    Raised instead of a silent None; the message names the version that removed the field
    and what to read instead. Also an ``AttributeError``, so ``getattr(obj, name, None)`` and
    ``hasattr`` treat the field as missing.
    """


class ArchiveError(DockerException):
    """A tar archive could not be extracted safely, or could not be read at all.

    Raised before anything is written for the offending member: a path outside the target
    directory, a link pointing outside it, a device file, a corrupt archive.

    Attributes:
        member: the name of the offending member, as stored in the archive (None when the
            archive itself is unreadable).
        reason: what is wrong with it.
    """

    def __init__(self, reason: str, member: str | None = None) -> None:
        text = f"unsafe archive member {member!r}: {reason}" if member is not None else reason
        super().__init__(text)
        self.member = member
        self.reason = reason


class ContainerError(DockerException):
    """A container exited with a non-zero status.

    Attributes:
        container: the container (object or id) that failed.
        exit_status: its exit code.
        command: the command it ran.
        image: the image it ran.
        stderr: what it wrote to stderr, if collected.
    """

    def __init__(
        self,
        container: Any,
        exit_status: int,
        command: Any,
        image: str,
        stderr: bytes | str | None,
    ) -> None:
        self.container = container
        self.exit_status = exit_status
        self.command = command
        self.image = image
        self.stderr = stderr
        err = f": {stderr.decode(errors='replace') if isinstance(stderr, bytes) else stderr}"
        super().__init__(
            f"Command {command!r} in image {image!r} returned non-zero exit status "
            f"{exit_status}{err if stderr else ''}"
        )


class BuildError(DockerException):
    """An image build failed; ``build_log`` holds the log lines the engine sent."""

    def __init__(self, reason: str, build_log: Any) -> None:
        super().__init__(reason)
        self.msg = reason
        self.build_log = build_log


def create_unexpected_kwargs_error(name: str, kwargs: Any) -> TypeError:
    """docker-py's ``TypeError`` for unknown keyword arguments: ``f() got an unexpected ...``.

    Args:
        name: the function's name.
        kwargs: the unknown keyword names (any iterable of them, e.g. the kwargs dict).

    Returns:
        The error, to raise.
    """
    return TypeError(unexpected_keywords_message(name, kwargs))


def unexpected_keywords_message(
    name: str, unknown: Iterable[str], known: Iterable[str] = ()
) -> str:
    """docker-py's ``f() got an unexpected keyword argument 'x'`` (``... arguments 'x', 'y'``
    for several), with the known keyword each one was probably meant to be when ``known`` is
    given (``'mem_limt': did you mean 'mem_limit'?``)."""
    names = sorted(unknown)
    many = len(names) != 1
    what = "got unexpected keyword arguments" if many else "got an unexpected keyword argument"
    quoted = ", ".join(f"'{key}'" for key in names)
    message = f"{name}() {what} {quoted}"
    candidates = sorted(known)
    if not candidates:
        return message
    import difflib

    guesses = {key: difflib.get_close_matches(key, candidates, n=1) for key in names}
    hints = [f"{key!r}: did you mean {match[0]!r}?" for key, match in guesses.items() if match]
    return f"{message} ({'; '.join(hints)})" if hints else message


_IMAGE_NOT_FOUND_FRAGMENTS = (
    "no such image",
    "not found: does not exist or no pull access",
    "repository does not exist",
    "was found but does not match the specified platform",
)


def create_api_error_from_http_exception(e: Any) -> NoReturn:
    """Raise the :class:`APIError` for an HTTP error, as docker-py's helper of that name does.

    Args:
        e: an exception with a ``response`` (an ``httpx.HTTPStatusError``, or any object
            whose ``response`` has ``status_code`` and ``json()``/``text``, such as a
            ``requests.HTTPError``).

    Raises:
        APIError: always; :class:`NotFound` for a 404 (:class:`ImageNotFound` when the
            engine's message is about a missing image), :class:`Conflict`,
            :class:`ServerError`... by status otherwise, chained to ``e``.
    """
    response = e.response
    try:
        explanation = response.json()["message"]
    except (ValueError, KeyError, TypeError):
        explanation = (getattr(response, "text", "") or "").strip()
    status = int(response.status_code)
    cls: type[APIError]
    if status == 404 and any(f in str(explanation).lower() for f in _IMAGE_NOT_FOUND_FRAGMENTS):
        cls = ImageNotFound
    elif status >= 500:
        cls = ServerError
    else:
        cls = _BY_STATUS.get(status, APIError)
    raise cls(str(e), response=response, explanation=explanation, status_code=status) from e


_BY_STATUS: dict[int, type[APIError]] = {
    304: NotModified,
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
}


def explanation_from_body(body: bytes) -> str | None:
    """The engine's error message from a reply body (``{"message": ...}``, or the raw text)."""
    if not body:
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return body.decode("utf-8", errors="replace").strip() or None
    if is_dict(data) and isinstance(data.get("message"), str):
        return str(data["message"])
    return body.decode("utf-8", errors="replace").strip() or None


#: How engines say that the container itself is missing (lower case): dockerd "No such
#: container: x"; Podman 'no container with name or ID "x" found: no such container'.
_NO_SUCH_CONTAINER = ("no such container",)


def _says_no_such_container(explanation: str | None) -> bool:
    text = (explanation or "").lower()
    return any(phrase in text for phrase in _NO_SUCH_CONTAINER)


def error_for_response(response: Response, *, resource: str | None = None) -> APIError:
    """Map an error reply to the most specific exception.

    A 404 on a container's path is :class:`ContainerNotFound` only when the engine says the
    container is missing: a missing path inside it (``get_archive`` of a missing file:
    dockerd "Could not find the file ...") or a missing endpoint (Podman has no
    ``/containers/{id}/update``: "Not Found") is a plain :class:`NotFound`, as is a reply
    without a body (``HEAD``).

    Args:
        response: a reply whose status is 300 or higher, its body already read.
        resource: ``"image"`` or ``"container"`` when a 404 should be specific to it.

    Returns:
        The exception to raise (not raised here, so callers can ``raise ... from``).
    """
    status = response.status_code
    explanation = explanation_from_body(response.content)
    cls: type[APIError]
    if status == 404 and resource == "image":
        cls = ImageNotFound
    elif status == 404 and resource == "container" and _says_no_such_container(explanation):
        cls = ContainerNotFound
    elif status >= 500:
        cls = ServerError
    else:
        cls = _BY_STATUS.get(status, APIError)
    request = response.request
    reason = response.reason_phrase or "Error"
    message = f"{status} {reason} for {request.method} {request.url.path}"
    return cls(message, response=response, explanation=explanation)
