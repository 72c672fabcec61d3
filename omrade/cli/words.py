"""The command line's own words in the run's language: ``--help``, the usage line and the
usage errors, Swedish by default and English with ``--lang en``.

The help of every command and option is written in English in the code, marked ``N_``
(so ``make messages`` extracts it) and translated in ``omrade/locale/sv/LC_MESSAGES/
omrade.po``; it is translated when it is shown, by the command classes below (one app,
whatever the language). The command line's framework has words of its own, and they
are translated here too:

- typer's (``Options``, ``[default: …]``, ``[required]``, ``Missing command.``) go
  through ``gettext`` in ``typer.core``; that module's ``_`` is pointed at our
  catalogue (``TYPER_WORDS`` lists them; a test compares the list with typer's source);
- the click that typer carries inside it (``typer._click``: ``Usage:``, ``Error: …``,
  ``No such option: …``) writes its words as plain text, so the usage line is written
  here, and a usage error is said again by ``Said`` from what the error knows (its
  kind, option, value), in Swedish from the templates below; what no template matches
  stays as typer said it.

The language is the one the command's other output speaks: ``--lang``, else
``$OMRADE_LANG``, else the ``locale`` of the repository the command is pointed at
(``--repo``/``-C``, or validate's path; the current one otherwise), Swedish where there
is none. Outside a run of the command line (the library, the English command reference)
help is English.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import typer
import typer.core
from typer._click import exceptions as click_exceptions

from omrade.i18n import N_, Translator

# the arguments of the run of the command line in progress (None: no run)
_ARGV: ContextVar[tuple[str, ...] | None] = ContextVar("omrade_argv", default=None)
_MEMO: ContextVar[dict[tuple[str, ...], str] | None] = ContextVar("omrade_help_lang", default=None)


def help_lang() -> str:
    """The language of the command line's own words in this run (see the module)."""
    from omrade.diagnostics import chosen_lang

    chosen = chosen_lang()
    if chosen in ("sv", "en"):
        return chosen
    argv = _ARGV.get()
    if argv is None:
        return "en"  # not a run of the command line: the library's own language
    memo = _MEMO.get()
    if memo is None:
        memo = {}
        _MEMO.set(memo)
    if argv not in memo:
        memo[argv] = _lang_of_args(argv)
    return memo[argv]


def _lang_of_args(argv: Sequence[str]) -> str:
    args = list(argv[: argv.index("--")] if "--" in argv else argv)
    asked = None
    repo = None
    for i, arg in enumerate(args):
        value = args[i + 1] if i + 1 < len(args) else None
        if arg == "--lang":
            asked = value
        elif arg.startswith("--lang="):
            asked = arg.split("=", 1)[1]
        elif arg in ("--repo", "-C"):
            repo = value
        elif arg.startswith("--repo="):
            repo = arg.split("=", 1)[1]
    if asked in ("sv", "en"):
        return asked
    env = os.environ.get("OMRADE_LANG", "")
    if env in ("sv", "en"):
        return env
    if repo is None and args[:1] == ["validate"]:  # validate is pointed at by its path
        repo = next((a for a in args[1:] if not a.startswith("-") and Path(a).exists()), None)
    try:
        return _locale(Path(repo or "."))
    except Exception:  # no repository, or one that cannot be read: the command says so
        return "sv"


def _locale(repo: Path) -> str:
    """The ``locale`` of the repository ``repo`` is in, as ``api.language`` reads it
    (``omrade.repo.names.lang_of_root``) but without importing the models, which would
    treble the time ``omrade --help`` takes."""
    from omrade import api
    from omrade.i18n import LANGS
    from omrade.load.reader import read_file

    data = read_file(
        api.root_of(repo) / "data" / "municipality.yaml", "data/municipality.yaml"
    ).data
    value = data.get("locale") if isinstance(data, dict) else None
    return value if value in LANGS else "sv"


def tr(text: str) -> str:
    """``text`` (an English message of the catalogue) in the run's language; text the
    catalogue does not hold stays as it is."""
    lang = help_lang()
    return text if lang == "en" else Translator(lang)._(text)


# typer's own words (``_("…")`` in typer/core.py), as it writes them
TYPER_WORDS = (
    N_("(dynamic)"),
    N_("Aborted!"),
    N_("Arguments"),
    N_("Commands"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Options"),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("required"),
)
# the words of the help that click writes as plain text
HELP_WORDS = (
    N_("Usage:"),
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
    N_("Show this message and exit."),
)
# the value types the help shows after an option, as typer names them or we do
TYPE_WORDS = (
    N_("<str>"),
    N_("<int>"),
    N_("<int range>"),
    N_("<path>"),
    N_("<list[str]>"),
    N_("<list[Path]>"),
    N_("DATE"),
    N_("FILE.yaml"),
)
# the arguments' names, as the usage line and the help show them
ARGUMENT_WORDS = (
    N_("base"),
    N_("code"),
    N_("directory"),
    N_("district"),
    N_("head"),
    N_("ident"),
    N_("paths"),
    N_("period"),
    N_("workbook"),
    N_("year"),
)


def _typer_gettext(message: str) -> str:
    return tr(message)


typer.core._ = _typer_gettext  # type: ignore[attr-defined]


@contextlib.contextmanager
def _translated(objects: Sequence[Any]) -> Iterator[None]:
    """The help texts of ``objects`` (a command, its parameters) in the run's language
    while the block runs; as written afterwards."""
    saved: list[tuple[Any, str, Any]] = []
    if help_lang() != "en":
        for obj in objects:
            for attr in ("help", "short_help"):
                text = getattr(obj, attr, None)
                if isinstance(text, str) and text:
                    saved.append((obj, attr, text))
                    setattr(obj, attr, tr(text))
    try:
        yield
    finally:
        for obj, attr, text in reversed(saved):
            setattr(obj, attr, text)


def _argument_name(param: Any) -> str:
    return tr(str(param.display_name_raw))


class _Speaks:
    """What ``OmradeCommand`` and ``OmradeGroup`` share: their help and usage line in the
    run's language, their usage errors said in it."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with _translated([self, *self.get_params(ctx)]):  # type: ignore[attr-defined]
            super().format_help(ctx, formatter)  # type: ignore[misc]

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated([self]):
            return super().get_short_help_str(limit)  # type: ignore[misc,no-any-return]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=f"{tr('Usage:')} ")

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces: list[str] = super().collect_usage_pieces(ctx)  # type: ignore[misc]
        names = {
            str(p.display_name_raw): _argument_name(p)
            for p in self.get_params(ctx)  # type: ignore[attr-defined]
            if p.param_type_name == "argument"
        }
        out = []
        for piece in pieces:
            bare = piece.strip("{}[].")
            if bare in names:
                piece = piece.replace(bare, names[bare], 1)
            out.append(tr(piece))
        return out

    def format_options(self, ctx: Any, formatter: Any) -> None:
        """Arguments and options as typer lists them, their names and value types said in
        the run's language (and, for a group, its commands)."""
        arguments, options = [], []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is None:
                continue
            term, text = record
            shown = param.display_type_rich(ctx)
            if param.param_type_name == "argument":
                name = _argument_name(param)
                if param.metavar is None and param.nargs != 1:
                    name += "..."
                term = f"{name} {tr(shown)}" if shown else name
                arguments.append((term, text))
            elif param.param_type_name == "option":
                if shown and term.endswith(f" {shown}"):
                    term = term[: -len(shown)] + tr(shown)
                options.append((term, text))
        if arguments:
            with formatter.section(tr("Arguments")):
                formatter.write_dl(arguments)
        if options:
            with formatter.section(tr("Options")):
                formatter.write_dl(options)
        if isinstance(self, typer.core.TyperGroup):
            self.format_commands(ctx, formatter)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)  # type: ignore[misc]
        except click_exceptions.ClickException as exc:
            raise Said.of(exc) from exc

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)  # type: ignore[misc]
        except click_exceptions.ClickException as exc:
            raise Said.of(exc) from exc


class OmradeCommand(_Speaks, typer.core.TyperCommand):
    """A command whose help and usage errors speak the run's language."""


class OmradeGroup(_Speaks, typer.core.TyperGroup):
    """A group of commands whose help and usage errors speak the run's language; at the
    top (``omrade``) it knows the run's arguments, from which the language is chosen."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        import sys

        argv = tuple(sys.argv[1:] if args is None else args)
        token, memo = _ARGV.set(argv), _MEMO.set(None)
        try:
            return super().main(args, *rest, **kwargs)
        finally:
            _MEMO.reset(memo)
            _ARGV.reset(token)


# Usage errors, in the English the error says them (what typer's click writes) and as
# templates to say them in Swedish: each field of the English one is found in the error's
# text and given to the Swedish one.
ERROR_WORDS = (
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Missing argument {name}."),
    N_("Missing option {name}."),
    N_("Missing parameter {name}."),
    N_("Choose from:"),
    N_("Invalid value for {name}: {problem}"),
    N_("Invalid value: {problem}"),
    N_("(Possible options: {options})"),
)
MESSAGE_TEMPLATES = (
    N_("No such option: {name}"),
    N_("Option {name} requires an argument."),
    N_("Option {name} requires {n} arguments."),
    N_("Option {name} does not take a value."),
    N_("Argument {name} takes {n} values."),
    N_("Got unexpected extra argument(s) ({extra})"),
    N_("{message}. Did you mean {suggestions}?"),
    N_("{value} is not one of {choices}."),
    N_("Value must be an iterable."),
)
# what pydantic says of a value typer could not turn into the option's type, by its error
# type (its message templates: a test compares them with pydantic's own)
PYDANTIC_TEMPLATES = {
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
}
_FIELD = re.compile(r"\\\{(\w+)(?:!r)?\\\}")


def _pattern(template: str) -> re.Pattern[str]:
    return re.compile(_FIELD.sub(r"(?P<\1>.+?)", re.escape(template)) + r"\Z", re.S)


_PATTERNS = [(template, _pattern(template)) for template in MESSAGE_TEMPLATES]


def _said_in(text: str, t: Translator) -> str:
    """An English message of typer's in ``t``'s language, when a template matches it
    (the fields as found); else as it is."""
    for template, pattern in _PATTERNS:
        found = pattern.match(text)
        if found is not None:
            fields = found.groupdict()
            if "message" in fields:
                fields["message"] = _said_in(fields["message"], t)
            return _fill(t, template, **fields)
    return text


def _fill(t: Translator, template: str, **fields: object) -> str:
    """``template`` in ``t``'s language, its fields filled."""
    return t._(template).format(**fields)


def _hint(exc: Any, t: Translator) -> str | None:
    """The option or argument an error is about, as click names it ('--format' / '-f');
    an argument by its name in ``t``'s language."""
    param = getattr(exc, "param", None)
    if exc.param_hint is not None:
        hint = exc.param_hint
    elif param is None:
        return None
    elif param.param_type_name == "argument":
        return repr(t._(str(param.display_name_raw)))
    else:
        hint = param.get_error_hint()
    if isinstance(hint, str):
        return hint
    return " / ".join(repr(x) for x in hint)


def _problem(exc: Any, t: Translator) -> str:
    """What is wrong with a value, in ``t``'s language where the words are known."""
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        try:
            found = errors()[0]
        except (IndexError, TypeError, AttributeError):
            found = None
        if found is not None:
            kind, context = found.get("type"), dict(found.get("ctx") or {})
            if kind == "value_error" and "error" in context:
                return _said_in(str(context["error"]), t)
            if kind in PYDANTIC_TEMPLATES:
                return _fill(t, PYDANTIC_TEMPLATES[kind], **context)
    return _said_in(str(exc.message), t)


def swedish(exc: Any, lang: str = "sv") -> str:
    """What a usage error says, in ``lang`` (its kind, option and value known)."""
    t = Translator(lang)
    if isinstance(exc, click_exceptions.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "parameter")
        template = {
            "argument": N_("Missing argument {name}."),
            "option": N_("Missing option {name}."),
        }.get(kind, N_("Missing parameter {name}."))
        said = _fill(t, template, name=_hint(exc, t) or "")
        extra = exc.param.get_missing_message(exc.ctx) if exc.param is not None else ""
        if extra:
            said += " " + extra.replace("Choose from:", t._("Choose from:"), 1)
        return said
    if isinstance(exc, click_exceptions.BadParameter):
        hint = _hint(exc, t)
        problem = _problem(exc, t)
        if hint is None:
            return _fill(t, "Invalid value: {problem}", problem=problem)
        return _fill(t, "Invalid value for {name}: {problem}", name=hint, problem=problem)
    if isinstance(exc, click_exceptions.NoSuchOption):
        said = _said_in(str(exc.message), t)
        if exc.possibilities:
            options = ", ".join(sorted(exc.possibilities))
            said += " " + _fill(t, "(Possible options: {options})", options=options)
        return said
    return _said_in(str(exc.message), t)


class Said(click_exceptions.UsageError):
    """A usage error of the command line said in the run's language (the error as typer
    raised it is ``original``): the usage line, where to find help, what is wrong."""

    def __init__(self, original: click_exceptions.ClickException, lang: str):
        super().__init__(original.message, getattr(original, "ctx", None))
        self.original = original
        self.lang = lang
        self.exit_code = original.exit_code

    @classmethod
    def of(cls, exc: click_exceptions.ClickException) -> click_exceptions.ClickException:
        if isinstance(exc, (Said, click_exceptions.NoArgsIsHelpError)):
            return exc  # said already; the help is the message
        return cls(exc, help_lang())

    def format_message(self) -> str:
        if self.lang == "en":
            return self.original.format_message()
        return swedish(self.original, self.lang)

    def show(self, file: Any = None) -> None:
        from typer._click._compat import get_text_stderr
        from typer._click.utils import echo

        from omrade.diagnostics import speaking

        file = file or get_text_stderr()
        t = Translator(self.lang)
        color = self.ctx.color if self.ctx is not None else self.show_color
        with speaking(self.lang):  # the usage line in the error's language
            if self.ctx is not None:
                hint = ""
                if self.ctx.command.get_help_option(self.ctx) is not None:
                    hint = _fill(
                        t,
                        "Try '{command} {option}' for help.",
                        command=self.ctx.command_path,
                        option=self.ctx.help_option_names[0],
                    )
                    hint += "\n"
                echo(f"{self.ctx.get_usage()}\n{hint}", file=file, color=color)
        message = _fill(t, "Error: {message}", message=self.format_message())
        echo(message, file=file, color=color)


__all__ = ["OmradeCommand", "OmradeGroup", "Said", "help_lang", "tr"]
