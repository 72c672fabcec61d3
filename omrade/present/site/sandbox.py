"""Templates run in a sandbox, built-in and overridden alike.

A plan repository's ``templates/`` folder overrides the built-in templates, and it comes
from many hands, so a template is treated like data: it is rendered by Jinja's
``ImmutableSandboxedEnvironment`` (no attribute starting with ``_``, no changing a value
in place), may call only macros, Jinja's own helpers and the plain methods of text,
numbers, lists and mappings, and is read from ``templates/`` only when it is a real file
there (no link is followed). A template that breaks a rule, has a syntax error or uses
a name that does not exist is refused with its file and line (exit code 2).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
import os
import stat
import traceback
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import BlockReference, LoopContext, Macro, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace, _PassArg, generate_lorem_ipsum
from markupsafe import Markup

from omrade.labels import Messages
from omrade.load.reader import OMR014
from omrade.load.safefs import Refused, link_target, read_regular
from omrade.present.site import pages
from omrade.present.site.refusals import OMR801, OMR802

MAX_TEMPLATE_BYTES = 1024 * 1024
BUILT_IN = "omrade/templates/"  # how a built-in template's file is shown
MAX_REPEAT = 1_000_000  # characters or items a template may make with '*'
MAX_EXPONENT = 64

# objects whose plain (public, non-mutating) methods a template may call
_SAFE_SELVES: tuple[type, ...] = (
    str,
    int,
    float,
    Decimal,
    Fraction,
    dt.date,
    list,
    tuple,
    dict,
    Markup,
    LoopContext,
    Cycler,
    Joiner,
    Messages,
)
# objects a template may call directly
_SAFE_OBJECTS: tuple[type, ...] = (Macro, BlockReference, LoopContext, Messages)


# the callables the report's sandbox calls as Jinja's Context.call would, without asking
# each object again what it wants passed: nothing (t), or the evaluation context (macros)
_NOT_DIRECT = object()
_DIRECT_CALLS: dict[type, _PassArg | None] = {
    kind: _PassArg.from_obj(kind.__call__)
    for kind in (Macro, Messages)
    if _PassArg.from_obj(kind) is None
    and _PassArg.from_obj(kind.__call__) in (None, _PassArg.eval_context)
}

# the view models' fields (plain values, see pages.py), by type
VIEW_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in dataclasses.fields(cls))
    for cls in vars(pages).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == pages.__name__
}

_FIELD_SETS = {cls: frozenset(names) for cls, names in VIEW_FIELDS.items()}


class TemplateRefused(Refused):
    """A template broke a sandbox rule or cannot be rendered (exit code 2)."""


class ReportSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with calls limited to an allow-list and big products refused."""

    intercepted_binops = frozenset({"*", "**"})

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        """Refuse at once (Jinja would return an undefined value that fails later, or
        not at all: ``x|attr('__class__') is defined``)."""
        raise SecurityError(
            f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe"
        )

    def getattr(self, obj: Any, attribute: str) -> Any:
        """A view model's field directly; a name that is not one of its fields is an
        error naming the fields there are (when the template uses it)."""
        fields = _FIELD_SETS.get(type(obj))
        if fields is None:
            return super().getattr(obj, attribute)
        if attribute in fields:
            return getattr(obj, attribute)
        names = VIEW_FIELDS[type(obj)]
        return self.undefined(
            f"{type(obj).__name__} has no field {attribute!r} (its fields: {', '.join(names)})",
            obj=obj,
            name=attribute,
        )

    def is_safe_callable(self, obj: Any) -> bool:
        if type(obj) is Macro or type(obj) is Messages:  # the calls on every page, first
            return super().is_safe_callable(obj)
        if isinstance(obj, Undefined):
            return True  # calling it raises its own "is undefined" error
        inner = getattr(obj, "__wrapped__", obj)  # the sandbox's own str.format wrapper
        if inner in self._safe_functions or isinstance(obj, _SAFE_OBJECTS):
            return super().is_safe_callable(obj)
        owner = getattr(inner, "__self__", None)
        if owner is not None and isinstance(owner, _SAFE_SELVES) and not isinstance(owner, type):
            return super().is_safe_callable(obj)
        return False

    @property
    def _safe_functions(self) -> tuple[Any, ...]:
        return (
            self.globals.get("range"),
            dict,
            generate_lorem_ipsum,
            Cycler,
            Joiner,
            Namespace,
        )

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        passes = _DIRECT_CALLS.get(type(__obj), _NOT_DIRECT)
        if passes is not _NOT_DIRECT and __self.is_safe_callable(__obj):
            # a macro or t("…"), on every line of every page: this is what Context.call
            # comes down to for them, without inspecting each object again
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            if passes is _PassArg.eval_context:
                args = (__context.eval_ctx, *args)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __context.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        if not __self.is_safe_callable(__obj):
            name = getattr(__obj, "__qualname__", type(__obj).__name__)
            raise SecurityError(
                f"calling {name} is not allowed in a template "
                "(only macros, Jinja's helpers and methods of text, numbers and lists)"
            )
        return __context.call(__obj, *args, **kwargs)

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "**" and isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"the exponent {right} is too large for a template")
        if op == "*":
            for seq, n in ((left, right), (right, left)):
                seq_like = isinstance(seq, str | list | tuple) and isinstance(n, int)
                if seq_like and len(seq) * n > MAX_REPEAT:
                    raise SecurityError("the repeated text or list is too long for a template")
            return operator.mul(left, right)
        return super().call_binop(context, op, left, right)


class TemplateLoader(BaseLoader):
    """The repository's own ``templates/`` first (real files only), then the built-in ones."""

    def __init__(self, repo_root: Path | None) -> None:
        self.shipped = Path(str(resources.files("omrade") / "templates"))
        self.own = repo_root / "templates" if repo_root is not None else None
        self.repo_root = repo_root
        self.shown: dict[str, str] = {}  # filename given to Jinja → how a person sees it
        self.overrides: set[str] = set()  # template names taken from the repository

    def get_source(
        self, environment: Any, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        parts = split_template_path(template)  # refuses '..'
        found = self._own(parts) if self.own is not None else None
        if found is not None:
            self.overrides.add(template)
            return found
        path = self.shipped.joinpath(*parts)
        if not path.is_file():
            raise TemplateNotFound(template)
        self.shown[str(path)] = f"{BUILT_IN}{template}"
        return path.read_text(encoding="utf-8"), str(path), lambda: True

    def _rel(self, path: Path) -> str:
        assert self.repo_root is not None
        return path.relative_to(self.repo_root).as_posix()

    def _own(self, parts: list[str]) -> tuple[str, str, Callable[[], bool]] | None:
        assert self.own is not None
        current = self.own
        for i, part in enumerate(["", *parts]):
            if part:
                current = current / part
            try:
                st = os.lstat(current)
            except (FileNotFoundError, NotADirectoryError):
                return None
            if stat.S_ISLNK(st.st_mode):
                said = OMR014.says("template", target=link_target(current))
                raise TemplateRefused(OMR014.code, self._rel(current), *said)
            if i < len(parts) and not stat.S_ISDIR(st.st_mode):
                return None  # 'templates' (or a folder on the way) is a file: no override
        if not stat.S_ISREG(st.st_mode):
            raise TemplateRefused(OMR802.code, self._rel(current), *OMR802.says("not_regular"))
        rel = self._rel(current)
        try:
            raw = read_regular(current, MAX_TEMPLATE_BYTES)
        except OSError as exc:
            problem = exc.strerror or exc
            raise TemplateRefused(
                OMR802.code, rel, *OMR802.says("unreadable", problem=problem)
            ) from None
        if len(raw) > MAX_TEMPLATE_BYTES:
            too_large = OMR802.says("too_large", limit=MAX_TEMPLATE_BYTES)
            raise TemplateRefused(OMR802.code, rel, *too_large)
        try:
            source = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise TemplateRefused(OMR802.code, rel, *OMR802.says("not_utf8")) from None
        self.shown[str(current)] = rel
        return source, str(current), lambda: True


def refusal(exc: BaseException, loader: TemplateLoader) -> TemplateRefused | None:
    """The refusal for an error raised while loading or rendering a template.

    None when no template of the repository was involved: then a built-in template
    failed on its own, which is a bug in omrade, not a problem of the repository.
    """
    if isinstance(exc, TemplateRefused):
        return exc
    where = _where(exc, loader)
    if not loader.overrides and (where is None or where[0].startswith(BUILT_IN)):
        return None
    file, line = where if where else ("templates/", 0)
    place = f"{file}:{line}" if line else file
    if isinstance(exc, SecurityError):
        return TemplateRefused(OMR801.code, place, *OMR801.says(problem=exc))
    if isinstance(exc, TemplateSyntaxError):
        message, hint = OMR802.says("syntax", problem=exc.message)
    elif isinstance(exc, TemplateNotFound):
        message, hint = OMR802.says("missing", name=exc.name)
    else:
        message, hint = OMR802.says(problem=str(exc) or exc.__class__.__name__)
    used = ", ".join(f"templates/{name}" for name in sorted(loader.overrides))
    if file.startswith(BUILT_IN) and used:
        hint = f"a built-in template failed with your overrides ({used}); {hint}"
    return TemplateRefused(OMR802.code, place, message, hint)


def _where(exc: BaseException, loader: TemplateLoader) -> tuple[str, int] | None:
    """The innermost template frame of the error: (file as shown, line)."""
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return loader.shown.get(exc.filename, exc.filename), exc.lineno
    found = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        shown = loader.shown.get(frame.f_code.co_filename)
        if shown is not None:
            found = (shown, lineno)
    return found
