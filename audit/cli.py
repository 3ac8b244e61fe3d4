"""The ``pinyin-audit`` command.

The exit status is decided by ``audit.exits`` (0 clean, 1 findings, 2 what
the user can fix, 3 a bug).  Unreadable files are reported on standard
error and the other files are still audited.  With ``--baseline`` only new
findings count; writing a baseline exits 0.  Messages that are not the
report go to standard error, so machine-readable output stays valid.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import errno
import functools
import gc
import io
import os
import sys
from collections import Counter
from typing import TYPE_CHECKING, Any, Iterator, NoReturn, Sequence, TextIO

from audit.version import TOOL_NAME, __version__, build
from audit.config import CONFIG_KEYS, AuditConfig, build_config, describe, find_config_file, read_config_file
from audit.document import Document
from audit.engine import LOGGER_NAME
from audit.exits import (Ending, ExitPolicy, ExitStatus, Terminated, UserError, internal_error, interrupted,
                         terminated, terminated_on_sigterm)
from audit.finding import DocumentResult, Severity
from audit.formats import FORMAT_NAMES, FormatOptions, Formatter, Summary, get_formatter
from audit.inputs import INPUT_FORMATS, Task, iter_tasks
from audit.parallel import PARALLEL_FROM_BYTES, Executor, LocalExecutor, audit_inputs, jobs_for
from audit.outputs import ReportDirectory, check_output, check_output_file, open_atomically
from audit.progress import Progress
from audit.rows import DASK_EXTRA, ROW_FORMATS, Columns, row_reader_for
from audit.rules import CODES, all_rules, get_rule, rule_by_name
from audit import tables
from audit.verdicts import Profile
from audit.wording import did_you_mean, plural
from audit.workers import AUTO

if TYPE_CHECKING:  # what only some runs use is imported where they use it, so a plain check starts fast
    from audit.baseline import Baseline, Entry
    from audit.fixer import FileFix
    from audit.rules.registry import Rule

class UsageError(UserError):
    """A problem with the command line: exit 2 with its message."""


# Allocations between two collections of the youngest generation (Python's default is 700).  The records
# made for each gloss die young, freed by reference counting, and are rarely in cycles: collecting every 700
# allocations found next to nothing, and the older generations' collections that follow from those walked
# the caches living as long as the process again and again (27 full collections auditing 2 MB of densely
# glossed text).  Every 100,000 still walked a section's live records (8,192 glosses, 100,000 to 180,000
# objects) again and again, 2 to 5 % of the CPU with every word glossed, to free 24 objects in all: a million
# lets a section's records go by reference counting before any walk.  Peak memory is the same.  Public: what
# times the command's work outside it (benchmarks/rule_times.py) sets the collector the same way.
YOUNG_GENERATION = 1_000_000


def main(argv: Sequence[str] | None = None) -> int:
    _standard_streams()
    argv = _with_default_command(list(sys.argv[1:] if argv is None else argv))
    if not argv:  # a new user's first try: the help and its first steps, rather than "COMMAND is required"
        _parser(None).print_help(sys.stderr)
        return ExitStatus.USAGE
    arguments = _parser(argv[0] if argv[0] in _COMMANDS else None).parse_args(argv)
    tables.freeze_lasting_tables()  # the command owns its process (see audit.tables)
    if sys.stderr.isatty():
        tables.before_first_build.hook = _say_tables_are_built
        tables.waiting_for_another_build.hook = _say_another_process_builds_them
    tables.table_not_kept.hook = _say_tables_are_not_kept
    gc.set_threshold(YOUNG_GENERATION)
    _show_traces(arguments.debug)
    try:
        return arguments.run(arguments)
    except UserError as error:
        _say(f"{TOOL_NAME}: error: {error}")
        return ExitStatus.USAGE
    except KeyboardInterrupt:
        return interrupted()
    except Terminated:
        return terminated()
    except BrokenPipeError:  # the reader (head, less) has gone away: the report is cut short, and says so
        _discard(sys.stdout)
        _say(f"{TOOL_NAME}: error: standard output was closed before the output was complete")
        return ExitStatus.USAGE
    except OSError as error:  # standard output full or closed: the user's to fix, not a bug
        _say_output_not_written(error)
        return ExitStatus.USAGE
    except Exception as error:  # a bug: say so, in one line, and show the trace on request
        if arguments.debug:
            import traceback

            traceback.print_exc()
        _say(f"{TOOL_NAME}: {internal_error(error, arguments.debug)}")
        return ExitStatus.INTERNAL_ERROR
    finally:  # a program that called the command and goes on to use the API is told nothing
        tables.before_first_build.hook = tables.waiting_for_another_build.hook = tables.table_not_kept.hook = None


def _say(message: str) -> None:
    """The line that ends a run, on standard error; where that is closed too (``2>&1 | head``), the exit status
    alone says it, rather than an exception on the way out that would exit 1, the status of findings."""
    try:
        print(message, file=sys.stderr, flush=True)
    except OSError:
        _discard(sys.stderr)


def _say_output_not_written(error: OSError) -> None:
    _say(f"{TOOL_NAME}: error: cannot write the output: {error.strerror or error}")


def _say_tables_are_built() -> None:
    """The first run builds the tables it reads, seconds of silence a new user would take for a hang."""
    print(f"{TOOL_NAME}: building its tables, once (a first run takes a while); they are kept in "
          f"{tables.cache_directory()}", file=sys.stderr, flush=True)


def _say_another_process_builds_them() -> None:
    """Another process's build of the tables keeps this one waiting its turn, seconds of silence too."""
    print(f"{TOOL_NAME}: waiting for another process building its tables in {tables.cache_directory()}",
          file=sys.stderr, flush=True)


def _say_tables_are_not_kept(error: OSError) -> None:
    print(f"{TOOL_NAME}: note: the tables it built cannot be kept in {tables.cache_directory()} "
          f"({error.strerror or error}), so every run builds them again, seconds of CPU; set XDG_CACHE_HOME to a "
          "directory that can be written", file=sys.stderr, flush=True)


def _show_traces(debug: bool) -> None:
    """With ``--debug``, the trace of a document's internal error comes before its one-line message.

    logging is imported only then, or to undo what an earlier run in this process set up (a test, a
    program calling ``main``): importing it costs a start-up a few milliseconds.
    """
    if not debug and "logging" not in sys.modules:
        return
    import logging

    log = logging.getLogger(LOGGER_NAME)
    if not any(handler.get_name() == _TRACE_HANDLER for handler in log.handlers):
        handler = logging.Handler()
        handler.set_name(_TRACE_HANDLER)
        # To standard error as it is when the record comes (tests and redirections replace it).
        handler.emit = lambda record: print(handler.format(record), file=sys.stderr)
        log.addHandler(handler)
    log.setLevel(logging.DEBUG if debug else logging.WARNING)


_TRACE_HANDLER = f"{TOOL_NAME}: traces to standard error"


def _standard_streams() -> None:
    """Standard output or error closed by the caller: writing fails with one line, not a trace.

    (Python sets a stream it could not open to ``None``; a closed standard
    input is reported as such when ``-`` is read.)
    """
    if sys.stdout is None:
        sys.stdout = _ClosedStream("output")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # nowhere to say anything
    if not _writes_utf8(sys.stdout):
        # An encoding that cannot write Chinese (LC_ALL=C without UTF-8 mode, PYTHONIOENCODING=ascii, a Windows
        # console's code page): what it cannot encode is written as \u escapes, as standard error's is, rather
        # than stopping the run.
        sys.stdout.reconfigure(errors="backslashreplace")


def _writes_utf8(stream: TextIO) -> bool:
    """Whether ``stream`` writes UTF-8, or is no stream whose encoding can be changed (a test's, a closed one)."""
    encoding = getattr(stream, "encoding", None)
    return not hasattr(stream, "reconfigure") or not encoding or codecs.lookup(encoding).name == "utf-8"


def _standard_output_in_utf8() -> None:
    """Standard output writes UTF-8 whatever its encoding was, for what is a file format rather than text for
    the terminal: escapes, which the text report shows in its place, would make it something else."""
    if not _writes_utf8(sys.stdout):
        sys.stdout.reconfigure(encoding="utf-8")


def _discard(stream: TextIO) -> None:
    """Whatever is still buffered for a closed pipe goes nowhere, rather than failing again at exit."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())


class _ClosedStream(io.TextIOBase):
    def __init__(self, name: str) -> None:
        self.name = f"standard {name}"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, f"{self.name} is closed")


# --------------------------------------------------------------------------
# check


def run_check(arguments: argparse.Namespace) -> int:
    _reject_contradicting_engines(arguments)
    _reject_unused_options(arguments)
    paths = _paths(arguments)
    config = config_from(arguments)
    _check_output_files(arguments, paths, config)
    if arguments.diff:
        return _run_diff(arguments, config)
    if arguments.fix and "-" in paths and len(paths) > 1:
        raise UsageError("--fix writes standard input, fixed, to standard output: fix it on its own, not with files")
    baseline = _load_baseline(arguments.baseline) if arguments.baseline else None
    outcome = _write_report(arguments, config, baseline)
    if baseline:
        _report_baseline(baseline)
    if arguments.write_baseline:
        from audit.baseline import write_baseline

        write_baseline(arguments.write_baseline, outcome.recorded)
        written = plural(sum(outcome.recorded.values()), "finding")
        print(f"{TOOL_NAME}: wrote {written} to {arguments.write_baseline}", file=sys.stderr)
    if arguments.fix:
        _report_fixes(outcome.fixes, outcome.summary, unsafe=arguments.unsafe_fixes)
    _note_if_no_glosses(outcome.summary)
    # Writing a baseline accepts today's findings.
    policy = ExitPolicy(config.fail_on, config.max_error_rate, arguments.exit_zero or bool(arguments.write_baseline))
    return _ended(policy.end(outcome.summary, outcome.rates, _inputs_named(arguments, config),
                             unwritten=outcome.fixes.unwritable))


def _check_output_files(arguments: argparse.Namespace, paths: list[str], config: AuditConfig) -> None:
    """Refuse, before the audit, an output onto a file the run reads: a document, or the configuration file,
    lexicon or baseline that decide what it reports (only ``--write-baseline`` may replace the baseline it
    updates), or both outputs onto one file."""
    settings = [path for path in (config.source, config.lexicon_path) if path]
    baseline = [arguments.baseline] if arguments.baseline else []
    for target, what, read in ((arguments.output_file, "output file", settings + baseline),
                               (arguments.write_baseline, "baseline", settings)):
        if target is not None:
            check_output_file(target, paths + read, what)
    if arguments.output_file and arguments.write_baseline and \
            os.path.realpath(arguments.output_file) == os.path.realpath(arguments.write_baseline):
        raise UsageError(f"--output-file and --write-baseline both name {arguments.output_file}: choose two files")


def _ended(ending: Ending) -> ExitStatus:
    for message in ending.messages:
        print(message, file=sys.stderr)
    return ending.status


class _FixTally:
    def __init__(self) -> None:
        self.fixed = 0        # findings whose fixes were written
        self.files = 0        # files written
        self.unwritable = 0   # files whose fixes could not be written
        self.unsafe_left = 0  # remaining findings an unsafe fix would correct


class _Outcome:
    def __init__(self) -> None:
        self.summary = Summary()
        self.rates: dict[str, float] = {}          # error rate per document that has glosses
        self.recorded: Counter[Entry] = Counter()  # for --write-baseline
        self.fixes = _FixTally()


def _note_if_no_glosses(summary: Summary) -> None:
    """Text but no gloss in the whole run: most likely pinyin written some other way (阿姨 āyí), which the exit
    status cannot say, since a document without glosses has nothing wrong with it."""
    if summary.texts and not summary.glosses and not summary.findings:  # F508's too long a gloss says more
        print(f"{TOOL_NAME}: note: no glosses found; a gloss is pinyin in brackets right after the characters it "
              "reads, such as 汉字(hàn zì)", file=sys.stderr)


def _write_report(arguments: argparse.Namespace, config: AuditConfig, baseline: Baseline | None) -> _Outcome:
    """Audit and write the report as results come; return what the exit status needs."""
    outcome = _Outcome()
    if arguments.write_baseline:
        from audit.baseline import directory_of, entries_of
        recorded_in = directory_of(arguments.write_baseline)
    # Standard input fixed goes to standard output, like a formatter's: the report goes to standard error.
    fixing_standard_input = arguments.fix and _paths(arguments) == ["-"]
    if arguments.format != "text":
        _standard_output_in_utf8()  # JSON, SARIF, JUnit and GitHub's commands are read as UTF-8
    with _output(arguments.output_file, sys.stderr if fixing_standard_input else sys.stdout) as out:
        tasks = _tasks(arguments, config, fixing=arguments.fix)
        formatter = _formatter(arguments, config.fail_on, out, tasks)
        out.write(formatter.start())
        progress = Progress(len(tasks))
        if arguments.fix:
            results = _fixed(tasks, arguments, config, outcome.fixes, progress)
        else:
            results = _audited(tasks, arguments, config, progress)
        for result in results:
            if arguments.write_baseline:
                outcome.recorded.update(entries_of(result, recorded_in))
            if baseline:
                result = baseline.filter(result)
            if arguments.fix:  # counted among the findings that remain, as the baseline leaves them
                outcome.fixes.unsafe_left += sum(1 for f in result.findings if f.fix and not f.fix.safe)
            outcome.summary.add(result)
            if result.error_rate is not None:
                outcome.rates[result.path] = result.error_rate
            for text in formatter.pieces(result):
                if text:
                    progress.clear()  # the bar and the findings may share one terminal
                    out.write(text)
            out.flush()
        out.write(formatter.finish(outcome.summary))
    return outcome


def _reject_unused_options(arguments: argparse.Namespace) -> None:
    """Options that only some output formats read are errors with the others, not silently ignored."""
    if arguments.format != "text" and arguments.statistics:
        raise UsageError(f"--statistics prints text; it cannot be combined with --format {arguments.format}")
    if arguments.color is not None and arguments.format not in _COLORED_FORMATS:
        raise UsageError(f"--color applies to text output; --format {arguments.format} has no colours")
    if arguments.fix and arguments.diff:
        raise UsageError("--fix writes the fixes and --diff only shows them, writing nothing: give one of them")
    if arguments.diff and (arguments.format != "text" or arguments.statistics or arguments.color is not None):
        raise UsageError("--diff prints a unified diff and nothing else; leave out --format, --statistics and --color")
    if arguments.fail_on and arguments.max_error_rate is not None:
        raise UsageError("--max-error-rate replaces --fail-on: give one of them")
    if (arguments.exit_zero or arguments.write_baseline) and (gate := _failing_threshold_given(arguments)):
        ending = "--exit-zero never fails" if arguments.exit_zero else "--write-baseline exits 0"
        raise UsageError(f"{ending} on findings, which leaves {gate} nothing to decide: give one of them")
    if arguments.diff and (unread := _options_a_diff_ignores(arguments)):
        raise UsageError(f"--diff exits 1 when there is something to fix, and records nothing: leave out {unread}")
    if arguments.unsafe_fixes and not (arguments.fix or arguments.diff):
        raise UsageError("--unsafe-fixes applies with --fix or --diff")


def _reject_contradicting_engines(arguments: argparse.Namespace) -> None:
    """Where to audit, as ``--engine`` and ``--scheduler`` say, against each other and against ``--fix`` and
    ``--diff``: refused as a command starts, before anything is written (a JSON document's opening, a report
    directory), as the other options that contradict each other are."""
    if arguments.scheduler is not None and arguments.engine == "local":  # given so, not by default: it is None
        raise UsageError("--engine local audits in processes of this machine, --scheduler on a Dask cluster: "
                         "give one of them")
    writes_files = getattr(arguments, "fix", False) or getattr(arguments, "diff", False)  # report has neither option
    if writes_files and _on_a_cluster_asked(arguments):
        option, does = ("--fix", "fixes") if arguments.fix else ("--diff", "diffs")
        raise UsageError(f"{option} reads the files on this machine, which a Dask cluster's workers may not see: "
                         f"leave out {_cluster_options_given(arguments)} (--jobs N {does} in N local processes)")


def _failing_threshold_given(arguments: argparse.Namespace) -> str:
    """--fail-on or --max-error-rate, whichever decides from the findings whether the run fails; "" for neither."""
    if arguments.fail_on:
        return "--fail-on"
    return "--max-error-rate" if arguments.max_error_rate is not None else ""


def _options_a_diff_ignores(arguments: argparse.Namespace) -> str:
    """The options given that decide how findings end a run or record them, which a diff does neither of."""
    given = {"--baseline": arguments.baseline, "--write-baseline": arguments.write_baseline,
             "--fail-on": arguments.fail_on, "--max-error-rate": arguments.max_error_rate is not None,
             "--exit-zero": arguments.exit_zero}
    return ", ".join(option for option, value in given.items() if value)


_COLORED_FORMATS = ("text", "github")  # github prints the text report after its annotations


def _load_baseline(path: str) -> Baseline:
    from audit.baseline import Baseline

    return Baseline.load(path)


def _report_baseline(baseline: Baseline) -> None:
    """On standard error, so that machine-readable output stays valid."""
    if baseline.known:
        print(f"{TOOL_NAME}: {plural(baseline.known, 'finding')} in the baseline not shown", file=sys.stderr)
    fixed = baseline.fixed()
    if fixed:
        print(f"{TOOL_NAME}: {plural(sum(count for *_, count in fixed), 'baseline finding')} gone "
              "(refresh the baseline with --write-baseline):", file=sys.stderr)
        for shown_path, entry, count in fixed:
            print(f"  {entry.describe(shown_path)}" + (f" (x{count})" if count > 1 else ""), file=sys.stderr)


def _tasks(arguments: argparse.Namespace, config: AuditConfig, *, fixing: bool = False) -> list[Task]:
    """The tasks to audit; ``fixing``, each file once under the name first reached, a note naming the others
    (said once the inputs are known to be files a fix may write)."""
    other_names: list[tuple[Task, str]] | None = [] if fixing else None
    tasks = list(iter_tasks(_paths(arguments), config.include, config.exclude, arguments.stdin_filename,
                            config.max_file_size, other_names))
    _reject_columns_without_a_dataset(arguments, tasks)
    for task, first in other_names or ():
        print(f"{task.name}: note: the file {first} is fixed under that name, not this one", file=sys.stderr)
    return tasks


_COLUMN_OPTIONS = ("column", "text_column", "pinyin_column", "id_column", "source_column")


def _reject_columns_without_a_dataset(arguments: argparse.Namespace, tasks: list[Task]) -> None:
    """Options that name a dataset's columns do nothing to a document file: an error, not silently ignored
    (``--column text notes.txt`` audited the file as if the option were not there)."""
    given = [f"--{option.replace('_', '-')}" for option in _COLUMN_OPTIONS if getattr(arguments, option, None)]
    if given and tasks and not any(row_reader_for(task.path, arguments.input_format) for task in tasks):
        raise UsageError(f"{', '.join(given)} name{'s' if len(given) == 1 else ''} a dataset's columns, and none of "
                         "the inputs is a dataset (JSON Lines, CSV, TSV, Parquet: by extension, or --input-format)")


def _paths(arguments: argparse.Namespace) -> list[str]:
    """The paths given; with ``--stdin-filename`` and none, standard input."""
    if arguments.stdin_filename and arguments.paths and "-" not in arguments.paths:
        raise UsageError("--stdin-filename names standard input: give - among the paths, or no path")
    if not arguments.paths and not arguments.stdin_filename:
        raise UsageError("give at least one PATH to audit (- reads standard input)")
    if "" in arguments.paths:  # not "." (where normalizing it leads): a variable that came out empty, most likely
        raise UsageError("an empty PATH names no file")
    return arguments.paths or ["-"]


def _named_paths(arguments: argparse.Namespace) -> list[str]:
    """The paths as messages name them: standard input by its ``--stdin-filename``."""
    return [arguments.stdin_filename if path == "-" and arguments.stdin_filename else path
            for path in _paths(arguments)]


def _inputs_named(arguments: argparse.Namespace, config: AuditConfig) -> str:
    """The paths as the message that they hold no documents names them; from a directory, which files it takes."""
    paths = _named_paths(arguments)
    if not any(os.path.isdir(path) for path in paths):
        return " ".join(paths)
    skipped = f", less those --exclude skips: {' '.join(config.exclude)}" if config.exclude else ""
    return f"{' '.join(paths)} (from a directory, only the files --include names: {' '.join(config.include)}{skipped})"


def _audited(tasks: list[Task], arguments: argparse.Namespace, config: AuditConfig,
             progress: Progress) -> Iterator[DocumentResult]:
    """Results in order, with the progress bar advanced and unreadable inputs reported on standard error."""
    try:
        with _executor(arguments, tasks) as executor:
            for result in audit_inputs(tasks, config, arguments.input_format, _columns(arguments), executor):
                if result.error:
                    progress.message(f"{result.path}: error: {result.error}")
                if result.document.row is None:  # the bar counts files
                    progress.advance(result.path)
                yield result
    finally:
        progress.clear()


ENGINES = ("local", "dask")


def _executor(arguments: argparse.Namespace, tasks: list[Task]) -> contextlib.AbstractContextManager[Executor]:
    """Where to audit: ``--jobs`` local processes, or the Dask cluster of ``--engine`` and ``--scheduler``
    (whose local cluster has one worker per core for ``--jobs auto``: Dask was asked for to split the work)."""
    if not _on_a_cluster_asked(arguments):
        return contextlib.nullcontext(LocalExecutor(jobs_for(arguments.jobs, tasks)))
    return _on_a_cluster(arguments.scheduler, arguments.jobs)


def _cluster_options_given(arguments: argparse.Namespace) -> str:
    """The options that ask for a Dask cluster, as given: ``--engine dask``, ``--scheduler`` or both."""
    given = [option for option, asked in (("--engine dask", arguments.engine == "dask"),
                                          ("--scheduler", arguments.scheduler is not None)) if asked]
    return " and ".join(given)


def _on_a_cluster_asked(arguments: argparse.Namespace) -> bool:
    """Whether ``--engine dask`` or a ``--scheduler`` asks for a Dask cluster rather than local processes."""
    return arguments.engine == "dask" or arguments.scheduler is not None


@contextlib.contextmanager
def _on_a_cluster(scheduler: str | None, workers: int) -> Iterator[Executor]:
    """The Dask cluster's executor, closed on the way out, also on SIGTERM, as ``--jobs``'s processes are (exit
    143): ended by the signal itself, the command left its local cluster's workers to notice on their own, and
    their semaphores to Python's resource tracker, which complained of them."""
    try:
        from audit.dask import DaskExecutor
    except ImportError:
        raise UsageError(f"the dask engine needs dask.distributed: {DASK_EXTRA}") from None
    with terminated_on_sigterm(), DaskExecutor.connect(scheduler, workers) as executor:
        yield executor


def _columns(arguments: argparse.Namespace) -> Columns | None:
    """Which columns of a dataset to audit; ``None`` when no option names them."""
    named = (arguments.column, arguments.text_column, arguments.pinyin_column)
    if not any(named):
        return None
    return Columns.chosen(*named, arguments.id_column, arguments.source_column)


# --------------------------------------------------------------------------
# --fix and --diff


def _fixed(tasks: list[Task], arguments: argparse.Namespace, config: AuditConfig, tally: _FixTally,
           progress: Progress) -> Iterator[DocumentResult]:
    """Fix each file and write it back whole; a file that cannot be written keeps its findings.

    Standard input is written, fixed or as it came, to standard output.
    """
    try:
        for task, fixed in zip(tasks, _fixes(tasks, arguments, config)):
            progress.advance(fixed.name)
            if task.data is not None:
                _to_standard_output(fixed.after if fixed.outcome else task.data)
            if fixed.error:
                progress.message(f"{fixed.name}: error: {fixed.error}")
                yield DocumentResult(Document("", fixed.name), error=fixed.error)
            elif fixed.changed and task.data is None and not _written(fixed, progress):
                tally.unwritable += 1
                yield fixed.outcome.before
            else:
                for note in fixed.notes():
                    progress.message(note)
                tally.files += fixed.changed
                tally.fixed += len(fixed.outcome.applied)
                yield fixed.result
    finally:
        progress.clear()


def _written(fixed: FileFix, progress: Progress) -> bool:
    from audit.atomic import write_atomically

    try:
        write_atomically(fixed.path, fixed.after, made_from=fixed.before)
    except OSError as error:
        progress.message(f"{fixed.name}: error: cannot write the fixes: {error.strerror or error}")
        return False
    return True


def _to_standard_output(data: bytes) -> None:
    sys.stdout.flush()
    stream = getattr(sys.stdout, "buffer", sys.stdout)  # a closed standard output has no buffer, and says so
    stream.write(data)
    stream.flush()


def _fixes(tasks: list[Task], arguments: argparse.Namespace, config: AuditConfig) -> Iterator[FileFix]:
    """Each task's fix, in order; with ``--jobs``, worked out in other processes and written by this one."""
    from audit.fixer import fix_task, not_fixed  # difflib and the fixes load only for --fix and --diff

    work = functools.partial(fix_task, config=config, unsafe=arguments.unsafe_fixes,
                             input_format=arguments.input_format)
    return LocalExecutor(jobs_for(arguments.jobs, tasks)).map(work, tasks, lost=not_fixed)


def _report_fixes(tally: _FixTally, summary: Summary, unsafe: bool) -> None:
    """How many findings were fixed and how many remain, on standard error like every message."""
    line = (f"{TOOL_NAME}: fixed {plural(tally.fixed, 'finding')} in {plural(tally.files, 'file')}; "
            f"{plural(summary.findings, 'remains', 'remain')}")
    if tally.unsafe_left and not unsafe:
        line += f" ({tally.unsafe_left} fixable with --unsafe-fixes)"
    print(line, file=sys.stderr)


def _run_diff(arguments: argparse.Namespace, config: AuditConfig) -> int:
    """Print what ``--fix`` would change as a unified diff; write nothing.  Exit 1 if there is something to fix."""
    tasks = _tasks(arguments, config, fixing=True)
    fixable = files = errors = 0
    _standard_output_in_utf8()  # a diff, like the files it applies to, cannot hold escapes in place of Chinese
    with _output(arguments.output_file) as out:
        for fixed in _fixes(tasks, arguments, config):
            if fixed.error:
                print(f"{fixed.name}: error: {fixed.error}", file=sys.stderr)  # as check and --fix say it
                errors += 1
            else:
                for note in fixed.notes():
                    print(note, file=sys.stderr)
            if fixed.changed:
                out.write(fixed.diff())
                fixable += len(fixed.outcome.applied)
                files += 1
    print(f"{TOOL_NAME}: would fix {plural(fixable, 'finding')} in {plural(files, 'file')}", file=sys.stderr)
    return ExitPolicy.of_diff(files_to_fix=files, unreadable=errors, inputs=len(tasks))


def config_from(arguments: argparse.Namespace) -> AuditConfig:
    """The configuration file's settings, overridden by the options given."""
    source = arguments.config or find_config_file(_config_search_start(arguments))
    settings = read_config_file(source) if source else {}
    return build_config(settings, _overrides(arguments), rule_codes=CODES, source=source)


def _config_search_start(arguments: argparse.Namespace) -> str:
    """The working directory, or for ``--stdin-filename`` the directory the file would be in."""
    stdin_name = getattr(arguments, "stdin_filename", None)
    return os.path.dirname(os.path.abspath(stdin_name)) if stdin_name else "."


def _overrides(arguments: argparse.Namespace) -> dict[str, object]:
    """Options by their configuration key (``--fail-on`` is ``fail-on``); ``None`` where not given."""
    return {key: getattr(arguments, key.replace("-", "_"), None) for key in CONFIG_KEYS}


def _formatter(arguments: argparse.Namespace, fail_on: Severity, out: TextIO, tasks: list[Task]) -> Formatter:
    color = _use_color(arguments.color or "auto", out, to_file=arguments.output_file is not None)
    if arguments.statistics:
        from audit.formats.text import StatisticsFormatter

        return StatisticsFormatter(FormatOptions(all_rules(), __version__, fail_on, color))
    return get_formatter(arguments.format, rules=all_rules(), tool_version=__version__, fail_on=fail_on, color=color,
                         paths_on_disk={task.name: task.path for task in tasks if task.name != task.path})


def _use_color(choice: str, out: TextIO, to_file: bool) -> bool:
    """``always``, ``never``, or (``auto``) on a terminal unless NO_COLOR is set (https://no-color.org); on
    standard output whatever it is when FORCE_COLOR is (https://force-color.org: a CI log that shows colours
    reads from a pipe), though never into an ``--output-file``, and NO_COLOR still wins, as in Python's own."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR") and not to_file:
        return True
    return os.environ.get("TERM") != "dumb" and out.isatty()


@contextlib.contextmanager
def _output(path: str | None, stream: TextIO | None = None) -> Iterator[TextIO]:
    """The file at ``path``, written atomically; with none, ``stream`` (standard output unless given)."""
    if path is None:
        stream = stream or sys.stdout
        yield stream
        stream.flush()  # a full device fails here, inside the run, not at exit
        return
    with open_atomically(path) as handle:
        yield handle


# --------------------------------------------------------------------------
# config, rules, explain


def run_config(arguments: argparse.Namespace) -> int:
    print(describe(config_from(arguments)), end="")
    return ExitStatus.CLEAN


def run_rules(arguments: argparse.Namespace) -> int:
    for rule in all_rules():
        fix = str(rule.fix) if rule.fix else "-"
        print(f"{rule.code}  {rule.name:<28} {rule.family:<12} {str(rule.severity):<8} {fix:<7} {rule.summary}")
    return ExitStatus.CLEAN


def run_explain(arguments: argparse.Namespace) -> int:
    rule = _rule_named(arguments.code)
    print(f"{rule.code} {rule.name} (family {rule.family}, default severity {rule.severity})")
    print(f"Fix: {rule.fix_availability}\n")
    import inspect

    print(inspect.cleandoc(rule.doc))
    return ExitStatus.CLEAN


def _rule_named(word: str) -> Rule:
    """A rule by its code (S103, s103) or by its name (span-cuts-word): a finding shows both."""
    word = word.strip()  # as pasted from a finding, with the space after it
    named = rule_by_name(word)
    if named is not None:
        return named
    try:
        return get_rule(word)
    except KeyError:
        started = [code for code in CODES if code.startswith(word.upper())] if word else []
        hint = (f"; {word} starts the codes {', '.join(started)}: explain one of them" if started
                else did_you_mean(word, [*CODES, *(rule.name for rule in all_rules())]))
        raise UsageError(f"no rule {word!r}; `{TOOL_NAME} rules` lists them{hint}") from None


# --------------------------------------------------------------------------
# report


def run_report(arguments: argparse.Namespace) -> int:
    _reject_contradicting_engines(arguments)
    check_output(arguments.output_dir, _paths(arguments), "report directory")  # before seconds of imports
    from audit.model import one_blas_thread

    one_blas_thread()  # before pandas loads numpy, for the model's sake
    import reports  # pandas and matplotlib load only for reports

    config = config_from(arguments)
    directory = ReportDirectory(arguments.output_dir, force=arguments.force)
    # Terminated too, a run leaves no half-built directory.
    with directory.building() as path, terminated_on_sigterm():
        tasks = _tasks(arguments, config)
        if not tasks:
            raise UsageError("no documents to audit in " + _inputs_named(arguments, config))
        summary = Summary()
        with reports.SiteWriter(path) as site:  # findings.csv closed before a failed run's directory goes
            for result in _audited(tasks, arguments, config, Progress(len(tasks))):
                site.add(result)  # its page is written as the audit goes, and its text let go
                summary.add(result)
            if summary.documents and summary.unreadable == summary.documents:  # each said as it came
                raise UserError(f"no input could be read, so no report is written to {arguments.output_dir}")
            written = site.finish()
    directory.publish()
    index = os.path.join(arguments.output_dir, "index.html")
    print(f"wrote {len(written)} files to {arguments.output_dir}; open {index} in a browser")
    _note_if_no_glosses(summary)
    # A dataset with no rows is known only once read, so the site is written, then the run fails as check does.
    return _ended(ExitPolicy(accept_findings=True).end(summary, {}, _inputs_named(arguments, config)))


# --------------------------------------------------------------------------
# argument parsing

def _with_default_command(argv: list[str]) -> list[str]:
    """``pinyin-audit FILE`` means ``pinyin-audit check FILE``; a word that is neither a command nor a file
    (``pinyin-audit help``, ``pinyin-audit chek``) is a mistake on the command line, not a file to report missing."""
    if argv and argv[0] not in _COMMANDS and argv[0] not in ("-h", "--help", "--version"):
        word = argv[0]
        if word.startswith("-") and word != "-" and (command := _command_after_options(argv)) is not None:
            return [argv[command], *argv[:command], *argv[command + 1:]]
        if word.isascii() and word.isalpha() and not os.path.lexists(word):
            _parser(None).error(f"no command or file named {word!r}: the commands are {', '.join(_COMMANDS)}")
        return ["check", *argv]
    return argv


def _command_after_options(argv: list[str]) -> int | None:
    """Where the command stands when options come before it (``pinyin-audit --debug check doc.txt``, as tools
    whose options precede their command are written), so that its name is not taken for a file to audit; None
    when a path comes first, or a file has the command's name."""
    options = {option: action for command in _parser(None).commands.values()
               for option, action in _options_of(command).items()}
    position = 0
    while position < len(argv) and argv[position].startswith("-") and argv[position] not in ("-", "--"):
        action = options.get(argv[position])  # None for --format=json, whose value is in it, or a mistyped one
        position += 2 if action is not None and action.nargs != 0 else 1
    if position < len(argv) and argv[position] in _COMMANDS and not os.path.lexists(argv[position]):
        return position
    return None


def _option_of_another_command(option: str) -> str:
    """"; --fail-on is an option of check" when another command takes it (``report --fail-on``), else ""."""
    for name, command in _parser(None).commands.items():
        if option in _options_of(command):
            return f"; {option} is an option of {TOOL_NAME} {name}"
    return ""


def _file_taken_for_an_option(word: str) -> str:
    """How to name a file that starts with a dash (``-draft.md``, which pre-commit passes as it is), else ""."""
    if word.startswith("-") and os.path.lexists(word):
        return f"; {word} is a file: name it {os.path.join(os.curdir, word)}, or put -- before the files"
    return ""


def _options_of(command: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    """The command's options by each of their names (``--format``, ``-o``).  argparse has no public way to list
    them: this reads the table its own parsing reads, ``_option_string_actions``, there since its first version."""
    return command._option_string_actions


def _output_file(value: str) -> str | None:
    """The file named, or ``None`` for ``-``, standard output, as a path ``-`` is standard input: not a file
    named ``-`` in the working directory."""
    return None if value == "-" else value


def _written_path(value: str) -> str:
    """A file or directory to write, where ``-`` cannot mean standard output (a baseline beside the findings, a
    report of many pages): refused, rather than a file named ``-`` made in the working directory."""
    if value == "-":
        raise argparse.ArgumentTypeError("- would be standard output, which cannot hold this: name a path")
    return value


def _scheduler_address(value: str) -> str:
    """A Dask scheduler's address; an empty one (a variable that came out empty) is refused, as an empty PATH is."""
    if not value:
        raise argparse.ArgumentTypeError("an empty address names no scheduler: give one, such as tcp://HOST:8786, "
                                         "or leave the option out")
    return value


def _stdin_name(value: str) -> str:
    """The name standard input goes by; an empty one (a variable that came out empty) is refused, as an empty
    PATH is: taken as not given, it would pass unseen."""
    if not value:
        raise argparse.ArgumentTypeError("an empty name names no file: name the file standard input stands for, "
                                         "or leave the option out")
    return value


def _jobs(value: str) -> int | None:
    if value.strip() == "auto":
        return AUTO
    if not value.strip().isdigit():
        raise argparse.ArgumentTypeError(f"expected auto or a whole number of processes (0: one per core), "
                                         f"got {value!r}")
    return int(value)


class _Parser(argparse.ArgumentParser):
    """A mistake on the command line is one line, as any other error is, not the whole usage before it."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        # Each command set up (``_parser``), by name, with its own parser; none on a command's own parser.
        self.commands: dict[str, argparse.ArgumentParser] = {}

    def error(self, message: str) -> NoReturn:
        self.exit(ExitStatus.USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")

    # The help, the usage, the version and errors reach their stream whole or the run fails, as a report does:
    # argparse drops a failed write and exits 0 (``--help > /dev/full``).
    def print_help(self, file: TextIO | None = None) -> None:
        _write_whole(self.format_help(), file or sys.stdout)

    def print_usage(self, file: TextIO | None = None) -> None:
        _write_whole(self.format_usage(), file or sys.stdout)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            _write_whole(message, sys.stderr)
        sys.exit(status)

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                   namespace: argparse.Namespace | None = None) -> argparse.Namespace:
        """As argparse's, but an option it does not know is named with the one most like it (``--formt``:
        did you mean '--format'?), from the command's own help."""
        arguments, unknown = self.parse_known_args(args, namespace)
        if unknown:
            command = self._command_parser(arguments)
            typed = unknown[0].split("=", 1)[0]
            hint = (did_you_mean(typed, _options_of(command)) or _option_of_another_command(typed)
                    if typed.startswith("--") else "") or _file_taken_for_an_option(unknown[0])
            command.error(f"unrecognized arguments: {' '.join(unknown)}{hint}")
        return arguments

    def _command_parser(self, arguments: argparse.Namespace) -> argparse.ArgumentParser:
        """The parser of the command ``arguments`` ran, whose options and help a mistake is measured by."""
        return self.commands.get(getattr(arguments, "command", None), self)


def _write_whole(message: str, stream: TextIO) -> None:
    """``message`` written and flushed, or the run ends with the usage error's status, having said so."""
    try:
        stream.write(message)
        stream.flush()
    except OSError as error:
        if stream is sys.stdout:
            _discard(sys.stdout)
        _say_output_not_written(error)
        raise SystemExit(ExitStatus.USAGE) from None


class _ShowVersion(argparse.Action):
    """``--version``: the version, and how the judging modules were installed, which is looked up (a module's
    file found) only when asked, not each time the command line is set up."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show program's version number and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        _write_whole(f"{TOOL_NAME} {__version__} ({build()})\n", sys.stdout)
        parser.exit()


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's, told the terminal's width without ``shutil``: argparse makes a formatter for each option it sets
    up (30 for ``check``), each asking ``shutil``, which the first imported with its compressors (about 2 ms of a
    one-line check)."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_terminal_columns() - 2)  # the margin argparse leaves


def _terminal_columns() -> int:
    """As ``shutil.get_terminal_size`` finds them: ``COLUMNS``, else standard output's terminal, else 80."""
    with contextlib.suppress(ValueError):
        columns = int(os.environ.get("COLUMNS", "0"))
        if columns > 0:
            return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):  # no standard output, or not a terminal
        return 80


def _parser(command: str | None = None) -> _Parser:
    """The command line.  Given the ``command`` a run asks for, only its options are set up: argparse makes
    a help formatter for each option it is given (63 for every command, 30 for ``check`` alone)."""
    parser = _Parser(
        prog=TOOL_NAME,
        description="Audit Chinese text annotated with inline pinyin glosses such as 今年(jīn nián).",
        epilog=_FIRST_STEPS, formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action=_ShowVersion)
    common = argparse.ArgumentParser(add_help=False, formatter_class=_HelpFormatter)
    common.add_argument("--debug", action="store_true",
                        help="on an internal error, print the trace (to include when reporting it)")
    # Given the prog its commands' usage starts with, argparse does not format a usage line to find it.
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", prog=parser.prog)
    for name, (summary, add_options, run) in _COMMANDS.items():
        if command in (None, name):
            subparser = commands.add_parser(
                name, parents=[common], help=summary, description=f"{TOOL_NAME} {name}: {summary}.",
                epilog=_EPILOGS.get(name), formatter_class=_HelpFormatter)
            add_options(subparser)
            subparser.set_defaults(run=run)
            parser.commands[name] = subparser
    return parser


def _add_check_options(check: argparse.ArgumentParser) -> None:
    _add_audit_options(check, fixes=True)
    _add_gate_options(check)
    check.add_argument("--format", default="text", choices=FORMAT_NAMES, help="output format (default: text)")
    check.add_argument("--output-file", "-o", metavar="FILE", type=_output_file,
                       help="write the output to FILE (-: standard output, the default)")
    check.add_argument("--statistics", action="store_true",
                       help="print how many findings each rule made instead of one line per finding")
    check.add_argument("--color", choices=("auto", "always", "never"),
                       help="colour the severities in text output (default: auto, on a terminal or with FORCE_COLOR set, "
                            "unless NO_COLOR is set)")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings reach --fail-on")
    check.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in this baseline")
    check.add_argument("--write-baseline", metavar="FILE", type=_written_path,
                       help="record today's findings in FILE and exit 0")
    check.add_argument("--fix", action="store_true",
                       help="apply the safe fixes to the files (standard input: print it fixed, the report on "
                            "standard error), then report what remains")
    check.add_argument("--unsafe-fixes", action="store_true",
                       help="with --fix or --diff, also apply fixes that change a reading or drop a syllable")
    check.add_argument("--diff", action="store_true",
                       help="print the fixes as a unified diff and write nothing (exit 1 if there is something to fix)")


def _add_report_options(report: argparse.ArgumentParser) -> None:
    _add_audit_options(report, fixes=False)
    report.add_argument("-o", "--output-dir", required=True, metavar="DIR", type=_written_path,
                        help="directory to write the report into")
    report.add_argument("--force", action="store_true",
                        help="write into DIR even when it holds files this tool did not write")


def _add_config_command_options(config: argparse.ArgumentParser) -> None:
    _add_config_options(config)
    _add_gate_options(config)


def _add_explain_options(explain: argparse.ArgumentParser) -> None:
    explain.add_argument("code", help="a rule's code or name, such as S103 or span-cuts-word")


def _add_audit_options(command: argparse.ArgumentParser, fixes: bool) -> None:
    """The options that choose and read the inputs; ``fixes``: the command also takes --fix and --diff."""
    command.add_argument("paths", nargs="*", metavar="PATH", help="files or directories; - reads standard input")
    command.add_argument("--stdin-filename", metavar="PATH", type=_stdin_name,
                         help="read standard input as if it were the file PATH: its name decides the input format, "
                              "configuration and per-file ignores, and findings carry it")
    command.add_argument("--input-format", default="auto", choices=INPUT_FORMATS + ROW_FORMATS,
                         help="how to read the inputs (default: auto, by file extension and content)")
    command.add_argument("--jobs", "-j", type=_jobs, default=AUTO, metavar="N",
                         help="audit N documents at a time in separate processes, at most one per core (0: one per "
                              f"core; default: auto, one per core when the inputs reach {PARALLEL_FROM_BYTES / 1e6:g} MB "
                              "together, else 1)")
    datasets = command.add_argument_group("datasets (JSON Lines, CSV, TSV, Parquet: each row is a document)")
    datasets.add_argument("--column", metavar="NAME", help="the column of text with inline glosses")
    datasets.add_argument("--text-column", metavar="NAME", help="the column of characters (with --pinyin-column)")
    datasets.add_argument("--pinyin-column", metavar="NAME", help="the column of their syllables, as in label files")
    datasets.add_argument("--id-column", metavar="NAME", help="the column that identifies a row in findings")
    datasets.add_argument("--source-column", metavar="NAME",
                          help="the column that says where a row comes from (the report breaks rows down by it)")
    datasets.add_argument("--engine", choices=ENGINES,
                          help=f"local processes (--jobs; the default), or a Dask cluster (needs: {DASK_EXTRA}"
                               + ("; not with --fix or --diff, which write files on this machine)" if fixes else ")"))
    datasets.add_argument("--scheduler", metavar="ADDRESS", type=_scheduler_address,
                          help="a Dask scheduler to run on, such as tcp://HOST:8786 (implies --engine dask); "
                               "without it, --engine dask starts a local cluster of --jobs workers")
    _add_config_options(command)


def _add_config_options(command: argparse.ArgumentParser) -> None:
    """Options that override the configuration file; unset ones stay ``None``."""
    command.add_argument("--config", metavar="FILE",
                         help="configuration file (default: the nearest pyproject.toml with [tool.pinyin-audit])")
    command.add_argument("--select", action="append", metavar="CODES", help="only these code prefixes (S1,T401)")
    command.add_argument("--ignore", action="append", metavar="CODES", help="skip these code prefixes")
    command.add_argument("--profile", choices=[profile.value for profile in Profile],
                         help="tone convention: auto (default), dictionary, textbook, spoken")
    command.add_argument("--label-profile", choices=[profile.value for profile in Profile],
                         help="tone convention for speech label files (default: auto, the file's majority)")
    command.add_argument("--lexicon", metavar="FILE", help="words to treat as words, one per line (S103)")
    command.add_argument("--include", action="append", metavar="GLOB",
                         help="file names to audit in directories (repeatable; replaces the defaults)")
    command.add_argument("--exclude", action="append", metavar="GLOB", help="file names or paths to skip (repeatable)")
    command.add_argument("--max-file-size", metavar="SIZE",
                         help="largest input read, such as 64M or 500K (default: 64M); larger ones are skipped")
    command.add_argument("--encoding", help="input encoding (default: utf-8, BOM allowed; e.g. gb18030, big5)")


def _add_gate_options(command: argparse.ArgumentParser) -> None:
    """What fails a run: ``check`` reads these, ``config`` shows them; ``report`` never fails on findings."""
    command.add_argument("--fail-on", choices=[str(s) for s in Severity],
                         help="lowest severity that fails the run (default: error)")
    command.add_argument("--max-error-rate", metavar="RATE",
                         help="fail only when a document's share of glosses with errors exceeds RATE (0.02 or 2%%)")


# What a new user looks for in the help first: how to check a folder, read and silence a finding, accept
# today's findings, and get the report.
_FIRST_STEPS = """\
first steps:
  pinyin-audit check docs/            audit every document in a folder
  pinyin-audit explain S103           what a finding's code means, with examples
  pinyin-audit check docs/ --diff     show the safe fixes (--fix writes them)
  pinyin-audit report docs/ -o site   an HTML report with tables and charts

pinyin-audit COMMAND --help shows a command's options."""

_EPILOGS = {"check": """\
A finding reads PATH:LINE:COLUMN: SEVERITY: CODE name: why (what to write
instead), columns counted in characters; pinyin-audit explain CODE says more.
To silence one finding, put a line before it:
  # pinyin-audit: disable-next-line=CODE -- reason         (plain text)
  <!-- pinyin-audit: disable-next-line=CODE -- reason -->  (Markdown, HTML)
or leave a rule out everywhere with --ignore CODE. To accept today's findings
and fail only on new ones, record them with --write-baseline FILE and check
with --baseline FILE.

exit status: 0 nothing reached --fail-on, 1 something did, 2 a usage,
configuration or input error, 3 a bug in pinyin-audit (--debug shows it)."""}

# Each command: its summary in the help, what sets up its options, what runs it.
_COMMANDS = {
    "check": ("audit files and print findings", _add_check_options, run_check),
    "report": ("write an HTML report with tables and charts", _add_report_options, run_report),
    "config": ("print the effective configuration as TOML", _add_config_command_options, run_config),
    "rules": ("list every rule", lambda rules: None, run_rules),
    "explain": ("show a rule's documentation and examples", _add_explain_options, run_explain),
}
