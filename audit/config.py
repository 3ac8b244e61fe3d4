"""The settings an audit runs with, and where they come from.

Settings come from ``[tool.pinyin-audit]`` in the nearest ``pyproject.toml``
that has that table (searched upward from the working directory), or from the
file ``--config`` names, and then from the command line, which wins.  Both
sources go through the same validators, so a bad value reads the same
wherever it was written; every message names the key.

The engine and the rules read nothing but the resulting ``AuditConfig``.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import marshal
import os
import sys
import zlib
from typing import Any, Callable, Iterable, NamedTuple

from audit.atomic import write_atomically
from audit.exits import UserError
from audit.files import DEFAULT_MAX_BYTES, FileProblem, describe_size, parse_size, read_bytes
from audit.finding import Severity
from audit.inputs import DEFAULT_INCLUDE, InputError, decode, display_name, path_named_by, relative_path
from audit.rules.registry import code_prefixes, selected_codes
from audit.tables import cache_directory
from audit.verdicts import Profile
from audit.version import TOOL_NAME, __version__
from audit.wording import did_you_mean


TABLE = f"tool.{TOOL_NAME}"


class ConfigError(UserError):
    """A configuration file or value that cannot be used; the message names the key."""


class _Settings(NamedTuple):
    profile: Profile = Profile.AUTO
    select: tuple[str, ...] = ()          # code prefixes; empty selects every rule
    ignore: tuple[str, ...] = ()
    severities: dict[str, Severity] = {}  # per-code overrides (never changed in place)
    fail_on: Severity = Severity.ERROR
    lexicon: frozenset[str] = frozenset()  # words the user vouches for (S103)
    lexicon_path: str | None = None
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, code prefixes)
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    max_error_rate: float | None = None    # when set, replaces the fail-on gate
    encoding: str = "utf-8"
    max_file_size: int = DEFAULT_MAX_BYTES  # bytes; larger inputs are skipped with a message
    label_profile: Profile = Profile.AUTO  # label files: auto infers each file's convention
    root: str = "."                        # per-file-ignores globs are relative to this
    source: str | None = None              # the configuration file, if any
    path_ignores: tuple[str, ...] = ()     # per-file-ignores that matched this document
    labels: bool = False                   # judging a speech label file (see for_labels)
    word_sources: tuple[str, ...] | None = None  # S103's lexicon built from only these ("jieba", "wordfreq") to
                                                 # compare them; None: the whole lexicon, from the cache


class AuditConfig(_Settings):
    """The settings of a run: a named tuple (fast to define and to copy), its profiles given by name or member."""

    __slots__ = ()

    def __new__(cls, *args: Any, **kwargs: Any) -> AuditConfig:
        given = super().__new__(cls, *args, **kwargs)
        # The names given (``profile="textbook"``) become members; _replace makes the tuple without coming back here.
        return given._replace(profile=_profile(given.profile), label_profile=_profile(given.label_profile))

    def enabled(self, code: str) -> bool:
        """Longest matching prefix wins, so ``--select S1 --ignore S103`` works both ways.

        A per-file ignore always wins: it is the narrowest statement there is.
        """
        if _longest_prefix(code, self.path_ignores):
            return False
        selected = _longest_prefix(code, self.select) if self.select else 0
        ignored = _longest_prefix(code, self.ignore)
        if self.select and not selected:
            return False
        return selected >= ignored if ignored else True

    def for_path(self, path: str | None) -> "AuditConfig":
        """This configuration with the per-file ignores that match ``path``."""
        if path is None or not self.per_file_ignores:
            return self
        relative = relative_path(path, self.root)
        matched = tuple(code for glob, codes in self.per_file_ignores if path_named_by((glob,), relative)
                        for code in codes)
        return self._replace(path_ignores=matched) if matched else self

    def every_rule(self) -> "AuditConfig":
        """This configuration with every rule on: none left out by select, ignore or a per-file ignore."""
        return self._replace(select=(), ignore=(), per_file_ignores=(), path_ignores=())

    def for_labels(self, inferred: Profile) -> "AuditConfig":
        """Label files are judged by their own convention: the label profile, or under ``auto``
        the one the file mostly follows (``inferred``, spoken, textbook or dictionary)."""
        profile = inferred if self.label_profile is Profile.AUTO else self.label_profile
        return self._replace(profile=profile, labels=True)


def _longest_prefix(code: str, prefixes: tuple[str, ...]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p.upper())), default=0)


# --------------------------------------------------------------------------
# Finding and reading the file


def find_config_file(start: str = ".") -> str | None:
    """The nearest ``pyproject.toml`` with a ``[tool.pinyin-audit]`` table, from ``start`` upward."""
    directory = os.path.abspath(start)
    while True:
        candidate = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(candidate) and _table(_read_toml(candidate), candidate) is not None:
            return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def read_config_file(path: str) -> dict[str, Any]:
    """The raw settings in ``path``: its ``[tool.pinyin-audit]`` table, or the whole
    file when it is a standalone one (anything but a ``pyproject.toml``)."""
    document = _read_toml(path)
    table = _table(document, path)
    if table is None and os.path.basename(path) == "pyproject.toml":
        raise ConfigError(f"{path}: no [{TABLE}] table")
    return document if table is None else table


def _read_toml(path: str) -> dict[str, Any]:
    try:
        text = _utf8(read_bytes(path), path, "TOML files are UTF-8: save it as UTF-8")
        return parsed_toml(text)
    except FileProblem as problem:
        raise ConfigError(problem.reading(path)) from None
    except _InvalidTOML as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not usable: nested too deeply") from None


# Importing the TOML reader costs a run about 5 ms of CPU (it imports datetime and compiles its regular
# expressions), more than all the rest of finding, reading and checking a configuration.  A project's
# pyproject.toml seldom changes between runs, so what each text parsed to is kept in the cache directory,
# beside the tables, keyed by the whole text: a run that finds its text there imports no reader, and an edited
# file is another text, parsed afresh.  Only what parses is kept (a mistake is reported by the reader every
# time), and only what marshal can write (not dates and times, which no setting takes).
REMEMBERED_TEXTS = 16  # a few projects' files; the one used longest ago is forgotten first
# A text longer than this is parsed on every run: every run that reads a configuration reads the whole memo, which
# should stay small (a pyproject.toml is a few kilobytes; 16 such texts and their documents, some 2 MB at most).
LONGEST_REMEMBERED = 64 * 1024  # characters


class _InvalidTOML(ValueError):
    """A text that is not TOML; the message is the reader's, naming the line and column."""


def parsed_toml(text: str) -> dict[str, Any]:
    """``text`` parsed as TOML: from the memo where this text was parsed before, else by the reader."""
    memo = _memo()
    if text in memo:
        _used(memo, text)
        return marshal.loads(memo[text])  # a document of its own for each caller, however many read this text
    document = _parsed_by_the_reader(text)
    if len(text) <= LONGEST_REMEMBERED:
        _remember(memo, text, document)
    return document


def _used(memo: dict[str, bytes], text: str) -> None:
    """Make ``text`` the memo's newest, in this process and in the cache, so that the text used longest ago is
    forgotten first; the cache is written only where the order changes (a project's runs find their text the newest
    already, and read it twice a run)."""
    if next(reversed(memo)) != text:
        memo[text] = memo.pop(text)
        _write_memo(memo)


def _remember(memo: dict[str, bytes], text: str, document: dict[str, Any]) -> None:
    """Add ``text`` to the memo, in this process and in the cache, forgetting the text used longest ago beyond
    ``REMEMBERED_TEXTS`` (in both: a long-lived process that reads many edits of a file holds no more)."""
    try:
        memo[text] = marshal.dumps(document)
    except ValueError:  # a date or time, or nesting marshal refuses: parsed again next time
        return
    while len(memo) > REMEMBERED_TEXTS:
        del memo[next(iter(memo))]
    _write_memo(memo)


def _parsed_by_the_reader(text: str) -> dict[str, Any]:
    from audit.toml import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _InvalidTOML(str(error)) from None


@functools.lru_cache(maxsize=1)
def _memo() -> dict[str, bytes]:
    """Texts and their documents, marshalled, the one used longest ago first: as the cache held them when first asked
    (empty where it held none, or nothing whose checksum matches), and what this process has parsed or used since."""
    try:
        with open(_memo_path(), "rb") as file:
            checksum, stored = file.read(4), file.read()
        memo = marshal.loads(stored) if checksum == _checksum(stored) else {}
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return memo if isinstance(memo, dict) else {}


def _write_memo(memo: dict[str, bytes]) -> None:
    """Where the cache cannot be written, the next run parses again."""
    stored = marshal.dumps(memo)
    with contextlib.suppress(OSError):
        os.makedirs(cache_directory(), exist_ok=True)
        write_atomically(_memo_path(), _checksum(stored) + stored)


def _checksum(stored: bytes) -> bytes:
    """A damaged memo (a byte changed on disk) would otherwise unmarshal to other settings, said nowhere."""
    return zlib.crc32(stored).to_bytes(4, "little")


def _memo_path() -> str:
    """Named for pinyin-audit's version and, as compiled Python files are, the interpreter's: marshal's format is
    the interpreter's own, and so is the TOML reader that parsed what the memo holds."""
    return os.path.join(cache_directory(), f"toml-{__version__}.{sys.implementation.cache_tag}.memo")


def _table(document: dict[str, Any], path: str) -> dict[str, Any] | None:
    """The ``[tool.pinyin-audit]`` table, or ``None``.  One misnamed (``[tool.pinyin_audit]``) or not a table
    is an error, as a misspelt key is, rather than settings passed over without a word."""
    tool = document.get("tool")  # another tool's file may hold a key named tool that is no table
    if not isinstance(tool, dict):
        return None
    if TOOL_NAME not in tool:
        misnamed = [name for name in tool if _squeezed(name) == _squeezed(TOOL_NAME)]
        if misnamed:
            raise ConfigError(f"{path}: [tool.{misnamed[0]}] is not read: write [{TABLE}]")
        return None
    table = tool[TOOL_NAME]
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{TABLE}] is not a table of settings: got {table!r}")
    return table


def _squeezed(name: str) -> str:
    """A table's name as one might mistype it: any case, any of ``-``, ``_`` or ``.`` between the words."""
    return name.lower().replace("-", "").replace("_", "").replace(".", "")


# --------------------------------------------------------------------------
# Validating values: each key's parser takes the value and where it was written


class _Setting(NamedTuple):
    """Where a value was written: the directory its paths are relative to, and the rule codes it may name."""

    base: str
    rule_codes: tuple[str, ...]


def build_config(file_settings: dict[str, Any], overrides: dict[str, Any], *, rule_codes: Iterable[str],
                 source: str | None = None, cwd: str = ".") -> AuditConfig:
    """The configuration from a file's settings, then command-line ``overrides``.

    Paths in the file are relative to the file; on the command line, to ``cwd``.
    Overrides whose value is ``None`` were not given.  Codes and prefixes are
    checked against ``rule_codes``, every code there is (``audit.rules.CODES``).
    """
    rule_codes = tuple(rule_codes)
    base = os.path.dirname(os.path.abspath(source)) if source else os.path.abspath(cwd)
    values: dict[str, Any] = {"root": base, "source": source}
    for key, value in file_settings.items():
        values.update(_parse(key, value, _Setting(base, rule_codes), where=f"{source}: " if source else ""))
    if overrides.get("fail-on") is not None:
        values.pop("max_error_rate", None)  # the file's rate would replace the gate the command line chose
    for key, value in overrides.items():
        if value is not None:
            values.update(_parse(key, value, _Setting(os.path.abspath(cwd), rule_codes), where="command line: "))
    return AuditConfig(**values)


def _parse(key: str, value: Any, setting: _Setting, where: str) -> dict[str, Any]:
    parser = _KEYS.get(key)
    if parser is None:
        raise ConfigError(f"{where}unknown key {key!r}{did_you_mean(key, _KEYS)} "
                          f"(known keys: {', '.join(sorted(_KEYS))})")
    try:
        return parser(value, setting)
    except (ConfigError, ValueError, TypeError) as error:
        raise ConfigError(f"{where}{key}: {error}") from None


def _expect(value: Any, kind: type | tuple[type, ...], description: str) -> Any:
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise ConfigError(f"expected {description}, got {value!r}")
    return value


def _string_list(value: Any) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else _expect(value, list, "a list of strings")
    return tuple(_expect(item, str, "a list of strings") for item in items)


def _globs(value: Any) -> tuple[str, ...]:
    """File name patterns; an empty one (a variable that came out empty) matches no file: refused, rather than
    an include that audits nothing in a directory, or an exclude that skips nothing, said nowhere."""
    patterns = _string_list(value)
    if "" in patterns:
        raise ConfigError("an empty pattern matches no file: write one such as *.txt, or leave it out")
    return patterns


def codes(value: Any, rule_codes: tuple[str, ...]) -> tuple[str, ...]:
    """Code prefixes such as ``["S1", "T401"]`` (commas also separate), each matching one of ``rule_codes``."""
    found = []
    for part in (part for item in _string_list(value) for part in item.split(",")):
        for code in code_prefixes(part):  # the part's one code, or none where it is blank
            if not selected_codes(code, rule_codes):
                raise ConfigError(f"{part.strip()!r} matches no rule code{_what_to_write(part)}")
            found.append(code)
    return tuple(found)


def _what_to_write(word: str) -> str:
    """": span-cuts-word is the name of S103: write its code" when ``word`` is a rule's name, which the code
    options do not take (a name is no prefix of its family's codes); else where the codes are listed."""
    from audit.rules import rule_by_name  # the catalogue loads only for this mistake

    named = rule_by_name(word.strip())
    if named is not None:
        return f": {word.strip()} is the name of {named.code}: write its code"
    return "; `pinyin-audit rules` lists them"


def _codes(name: str) -> Callable[[Any, _Setting], dict[str, Any]]:
    return lambda value, setting: {name: _some_codes(value, setting.rule_codes)}


def _some_codes(value: Any, rule_codes: tuple[str, ...]) -> tuple[str, ...]:
    """Codes for select or ignore, at least one where any text is written: an empty one (``--select "$RULES"``
    with RULES unset) would otherwise check every rule, or ignore none, without a word.  An empty list is the
    default written out, as ``pinyin-audit config`` prints it."""
    found = codes(value, rule_codes)
    if _string_list(value) and not found:
        raise ConfigError("names no rule code; leave it out to check every rule, or name the codes")
    return found


def _severities(value: Any, setting: _Setting) -> dict[str, Any]:
    table = _expect(value, dict, 'a table such as {T403 = "error"}')
    parsed = {}
    for code, severity in table.items():
        if code.upper() not in setting.rule_codes:
            raise ConfigError(f"no rule {code!r}{_what_to_write(code)}")
        parsed[code.upper()] = Severity.parse(_expect(severity, str, "a severity name"))
    return {"severities": parsed}


def _per_file_ignores(value: Any, setting: _Setting) -> dict[str, Any]:
    table = _expect(value, dict, 'a table such as {"legacy/*.md" = ["S103"]}')
    return {"per_file_ignores": tuple((glob, codes(found, setting.rule_codes)) for glob, found in table.items())}


def _profile(value: Any) -> Profile:
    name = _expect(value, str, "a profile name")
    try:
        return Profile(name)
    except ValueError:
        choices = ", ".join(profile.value for profile in Profile)
        raise ValueError(f"unknown convention profile {value!r} (choose from {choices})") from None


def _lexicon(value: Any, setting: _Setting) -> dict[str, Any]:
    path = os.path.join(setting.base, _expect(value, str, "a file path"))
    return {"lexicon": read_lexicon(path), "lexicon_path": path}


def read_lexicon(path: str) -> frozenset[str]:
    """One word per line; anything after the first whitespace (a reading, a note) is ignored."""
    try:
        lines = _utf8(read_bytes(path), path,
                      "save it as UTF-8 (--encoding is the inputs' encoding, not the lexicon's)").splitlines()
    except FileProblem as problem:
        raise ConfigError(problem.reading(f"lexicon {path}")) from None
    return frozenset(line.split()[0] for line in lines if line.strip() and not line.startswith("#"))


def _utf8(data: bytes, path: str, advice: str) -> str:
    """The text of a file the tool reads as UTF-8 (with or without a BOM); where it is not, the inputs' message."""
    decoded = decode(data, path, "utf-8", advice)
    if isinstance(decoded, InputError):
        raise ConfigError(f"{decoded.path}: {decoded.message}")
    return decoded.text


def _rate(value: Any, setting: _Setting) -> dict[str, Any]:
    """A share of the glosses: 0.02, or as a percentage, "2%" (on the command line, as typed)."""
    expected = "a number between 0 and 1, or a percentage such as 2%"
    rate = _share(value) if isinstance(value, str) else float(_expect(value, (int, float), expected))
    if rate is None or not 0 <= rate <= 1:
        raise ConfigError(f"expected {expected}, got {value!r}")
    return {"max_error_rate": rate}


def _share(text: str) -> float | None:
    """``text`` read as a share of one ("0.02", "2%"), or None when it is no number."""
    text = text.strip()
    number, divisor = (text[:-1], 100) if text.endswith("%") else (text, 1)
    try:
        return float(number) / divisor
    except ValueError:
        return None


def _encoding(value: Any, setting: _Setting) -> dict[str, Any]:
    try:
        codecs.lookup(_expect(value, str, "an encoding name"))
    except LookupError:
        raise ConfigError(f"unknown encoding {value!r}") from None
    if not _decodes_text(value):
        raise ConfigError(f"{value!r} is not an encoding of text (such as gb18030 or big5)")
    return {"encoding": value}


def _decodes_text(encoding: str) -> bool:
    """Whether ``encoding`` turns bytes into text: rot13, base64 and hex are codecs too, of text into text or of
    bytes into bytes, which ``bytes.decode`` refuses (given a byte: an empty string is not even looked up), and
    punycode turns a domain name's ASCII into its Unicode, failing on a space as on most text."""
    try:
        b" ".decode(encoding)
    except LookupError:
        return False
    except UnicodeDecodeError:  # a byte too few for UTF-16, yet an encoding of text
        pass
    except UnicodeError:  # not a byte that cannot be decoded, but the codec's own refusal (punycode's)
        return False
    return True


def _max_file_size(value: Any, setting: _Setting) -> dict[str, Any]:
    return {"max_file_size": parse_size(_expect(value, (int, str), "a size such as 64M"))}


def _as(name: str, convert: Callable[[Any], Any]) -> Callable[[Any, _Setting], dict[str, Any]]:
    return lambda value, setting: {name: convert(value)}


_KEYS: dict[str, Callable[[Any, _Setting], dict[str, Any]]] = {
    "select": _codes("select"),
    "ignore": _codes("ignore"),
    "per-file-ignores": _per_file_ignores,
    "severity": _severities,
    "fail-on": _as("fail_on", lambda value: Severity.parse(_expect(value, str, "a severity name"))),
    "profile": _as("profile", _profile),
    "label-profile": _as("label_profile", _profile),
    "lexicon": _lexicon,
    "include": _as("include", _globs),
    "exclude": _as("exclude", _globs),
    "max-error-rate": _rate,
    "encoding": _encoding,
    "max-file-size": _max_file_size,
}
CONFIG_KEYS = tuple(_KEYS)


# --------------------------------------------------------------------------
# Showing the effective configuration


def describe(config: AuditConfig) -> str:
    """The configuration as TOML, keys sorted, ready to paste into ``pyproject.toml``."""
    origin = f"# from {display_name(config.source)}" if config.source else "# no configuration file: defaults and options"
    scalars = {
        "encoding": config.encoding,
        "exclude": list(config.exclude),
        "fail-on": str(config.fail_on),
        "ignore": list(config.ignore),
        "include": list(config.include),
        "label-profile": config.label_profile.value,
        "lexicon": config.lexicon_path,
        "max-error-rate": config.max_error_rate,
        "max-file-size": describe_size(config.max_file_size).replace(" ", "").replace("bytes", ""),
        "profile": config.profile.value,
        "select": list(config.select),
    }
    lines = [origin, f"[{TABLE}]"]
    for key in sorted(scalars):
        value = scalars[key]
        lines.append(f"# {key} is not set" if value is None else _setting(key, value))
    lines.append(f"\n[{TABLE}.per-file-ignores]")
    lines += [_setting(_toml(glob), list(found)) for glob, found in sorted(config.per_file_ignores)]
    lines.append(f"\n[{TABLE}.severity]")
    lines += [f"{code} = {_toml(str(severity))}" for code, severity in sorted(config.severities.items())]
    return "\n".join(lines) + "\n"


def _setting(key: str, value: Any) -> str:
    """``key = value``, or a comment where the value is a name not in UTF-8 (a path with a byte such as
    ``\\xe9``), which a TOML file cannot hold."""
    written = f"{key} = {_toml(value)}"
    try:
        written.encode("utf-8")
    except UnicodeEncodeError:
        return f"# {display_name(written)} is not written: TOML holds only UTF-8 text"
    return written


def _toml(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, str):
        import json

        # A JSON string is a TOML basic string, but for DEL, which TOML asks to be escaped too.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    return repr(value)
