"""The ``infokit`` command: parse, call the library, print, map errors to exit codes.

Results go to stdout (``--json`` for scripts); progress, warnings and errors go to
stderr. Only InfokitError is caught: anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from infokit import __version__, catalog, confine, stopping
from infokit.build import FORMATS, CheckResult
from infokit.cli import help as clihelp
from infokit.errors import ExitCode, InfokitError, Terminated

app = typer.Typer(
    name="infokit",
    help="Branded virtual-appointment infographics (PPTX and PDF) from a YAML brand file.",
    cls=clihelp.Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
# emoji=False: a name like "Smile :smile: Dental" is printed as typed, never as an emoji;
# user text is also escaped wherever it is printed, so "[bold]" stays literal.
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)

_EXIT_MEANINGS = {
    ExitCode.OK: "success",
    ExitCode.INVALID_INPUT: "invalid input (brand file, template, usage)",
    ExitCode.CONVERSION_FAILED: "conversion failed (LibreOffice missing, failed or timed out)",
    ExitCode.BATCH_HAD_FAILURES: "at least one organization failed",
    ExitCode.UNEXPECTED: "anything else",
}


def exit_codes_help(*codes: ExitCode) -> str:
    """The epilog of one command: only the exit codes that command can return."""
    listed = ", ".join(f"{int(code)} {_EXIT_MEANINGS[code]}" for code in dict.fromkeys((ExitCode.OK, *codes)))
    return f"Exit codes: {listed}; 130 Ctrl-C, 143 SIGTERM (stopped, nothing half-written)."


LANGUAGES = catalog.languages()


def _one_of(allowed: tuple[str, ...]) -> Callable[[str | None], str | None]:
    """A parse-time check: an unknown value is a usage error (exit 2) naming the allowed ones."""

    def check(value: str | None) -> str | None:
        if value is None:
            return None
        if value.strip().lower() not in allowed:  # any case, as in the brand file (-f PDF, --lang RU)
            raise typer.BadParameter(f"'{value}' is not one of {', '.join(allowed)}")
        return value.strip().lower()

    return check


def _formats(value: list[str]) -> list[str]:
    return list(dict.fromkeys(str(_one_of(FORMATS)(fmt)) for fmt in value))


def _pdf_a_needs_pdf(pdf_a: bool, formats: list[str]) -> None:
    """--pdf-a shapes the PDF: asked for without one, it would silently do nothing."""
    if pdf_a and "pdf" not in formats:
        raise typer.BadParameter("applies to the PDF; add -f pdf", param_hint="'--pdf-a'")


def _at_least_one(value: int | None, what: str) -> int | None:
    if value is not None and value < 1:
        raise typer.BadParameter(f"{value} is not a number of {what}; give 1 or more")
    return value


def _seconds(value: float) -> float:
    if not math.isfinite(value) or value <= 0:
        raise typer.BadParameter(f"{value} is not a number of seconds above 0, e.g. 120")
    return value


def _out_dir(value: Path) -> Path:
    if value.exists() and not value.is_dir():
        raise typer.BadParameter(f"{value} is a file; give a folder (it is created when missing)")
    return value


def _report_path(value: Path | None) -> Path | None:
    if value is None:
        return None
    if value.is_dir():
        raise typer.BadParameter(f"{value} is a folder; give a file name such as report.json")
    parent = value.parent if str(value.parent) else Path(".")
    if parent.exists() and not (parent.is_dir() and os.access(parent, os.W_OK)):
        raise typer.BadParameter(f"{value} cannot be written: {parent} is not a writable folder")
    if value.exists() and not os.access(value, os.W_OK):
        raise typer.BadParameter(f"{value} cannot be written (no permission)")
    return value


JsonOption = Annotated[bool, typer.Option("--json", help="Print a machine-readable result on stdout.")]
BaseOption = Annotated[
    Path | None,
    typer.Option(
        "--base",
        metavar="FILE",
        help="A YAML file of defaults that each brand file or row overrides key by key.",
    ),
]


def _folders(value: list[Path] | None) -> list[Path]:
    """--inputs-under: existing folders only; a typo must not confine to nothing, or to a file."""
    for folder in value or ():
        if not folder.is_dir():
            raise typer.BadParameter(f"{folder} is not a folder; give the folder the inputs must be in")
    return list(value or ())


InputsUnderOption = Annotated[
    list[Path] | None,
    typer.Option(
        confine.FLAG,
        metavar="FOLDER",
        envvar=confine.ENV,
        show_envvar=True,
        callback=_folders,
        help="Refuse any logo, font, template or brand file that is not in this folder (after "
        "symlinks); repeat for several. For brand files written by others. \\[default: anywhere]",
    ),
]
TemplateOption = Annotated[
    str | None,
    typer.Option(
        "--template",
        "-t",
        metavar="NAME|PATH",
        help="A built-in template name or the path of a .pptx; overrides the brand file.",
    ),
]


def _jobs_option(what: str) -> Any:
    return typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        callback=lambda n: _at_least_one(n, "workers"),
        help=f"Parallel {what} \\[default: the number of CPUs].",
    )


def _languages(value: list[str] | None) -> list[str]:
    return list(dict.fromkeys(str(_one_of(LANGUAGES)(language)) for language in value or ()))


LangOption = Annotated[
    list[str] | None,
    typer.Option(
        "--lang",
        "-l",
        metavar=f"[{'|'.join(LANGUAGES)}]",
        callback=_languages,
        autocompletion=lambda: list(LANGUAGES),
        help="A page in this language; repeat for several. Overrides the brand file's language.",
    ),
]
OneLangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        "-l",
        metavar=f"[{'|'.join(LANGUAGES)}]",
        callback=_one_of(LANGUAGES),
        autocompletion=lambda: list(LANGUAGES),
        help="Language of the page; overrides the brand file.",
    ),
]
OutOption = Annotated[
    Path, typer.Option("--out", "-o", metavar="FOLDER", callback=_out_dir, help="Output folder.")
]
FormatOption = Annotated[
    list[str],
    typer.Option(
        "--format",
        "-f",
        metavar=f"[{'|'.join(FORMATS)}]",
        callback=_formats,
        autocompletion=lambda: list(FORMATS),
        help="What to write: the deck (pptx), pdf, png, the FAQ web page with the toolkit index (html) "
        "or the FAQ in Markdown (md); repeat for several.",
    ),
]


def _timeout_option(what: str) -> Any:
    return typer.Option(
        "--timeout", metavar="SECONDS", callback=_seconds, help=f"Seconds LibreOffice may take {what}."
    )


TimeoutOption = Annotated[float, _timeout_option("before it is stopped")]
StrictOption = Annotated[bool, typer.Option("--strict", help="Treat every warning as an error (exit 2).")]
PdfAOption = Annotated[bool, typer.Option("--pdf-a", help="Write PDF/A-2b (archival) instead of plain PDF.")]
ConverterOption = Annotated[
    str | None,
    typer.Option(
        "--converter",
        metavar="SPEC",
        help="Where PDFs are made: libreoffice (here, the default), or unoserver://HOST:PORT "
        "(several: a comma between them).",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"infokit {__version__}")
        raise typer.Exit()


@app.callback(epilog=exit_codes_help(*_EXIT_MEANINGS))
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Branded virtual-appointment infographics (PPTX and PDF) from a YAML brand file."""


def _fail(exc: InfokitError, as_json: bool) -> NoReturn:
    if as_json:
        _print_json({"ok": False, "error": exc.as_dict()})
    for problem in exc.problems:
        err.print(f"[bold red]error:[/] {escape(str(problem))}")
    raise typer.Exit(int(exc.exit_code))


def _print_json(data: object) -> None:
    """Results for scripts: plain JSON on stdout, no colour, no wrapping."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _run(as_json: bool, action: Callable[[], Any]) -> Any:
    try:
        return action()
    except InfokitError as exc:
        _fail(exc, as_json)


def _converter(spec: str, timeout: float, as_json: bool, pdf_a: bool) -> Any:
    from infokit import convert

    options = convert.PdfOptions(pdf_a=pdf_a)
    make, _ = _run(as_json, lambda: convert.converter_factory(spec, timeout, options))
    return None if spec == "libreoffice" else make()


def _note(notes: list[str], where: str = "") -> None:
    """What infokit adjusted (contrast): information, not a warning."""
    prefix = f"{where}: " if where else ""
    for note in notes:
        err.print(f"[bold cyan]note:[/] {escape(prefix + note)}")


def _warn(warnings: list[str], where: str = "") -> None:
    """Warnings on stderr, each naming the file (and page) it is about, as errors do."""
    prefix = f"{where}: " if where else ""
    for warning in warnings:
        err.print(f"[bold yellow]warning:[/] {escape(prefix + warning)}")


_BUILD_EXITS = (ExitCode.INVALID_INPUT, ExitCode.CONVERSION_FAILED, ExitCode.UNEXPECTED)


@app.command(cls=clihelp.Command, epilog=exit_codes_help(*_BUILD_EXITS))
def build(
    brands: Annotated[
        list[Path],
        typer.Argument(metavar="BRAND.yaml...", help="One or more brand files.", show_default=False),
    ],
    out_dir: OutOption = Path("out"),
    formats: FormatOption = ["pptx", "pdf"],  # noqa: B006
    template: TemplateOption = None,
    lang: LangOption = None,
    timeout: TimeoutOption = 120.0,
    strict: StrictOption = False,
    as_json: JsonOption = False,
    converter: ConverterOption = None,
    pdf_a: PdfAOption = False,
    inputs_under: InputsUnderOption = None,
) -> None:
    """Build branded PPTX and PDF (or the formats named with -f) for each brand file.

    Outputs go to OUT/<organization-slug>/<slug>-<industry>.<format>; [bold]-f html[/] adds
    <slug>-faq.html, <slug>-faq-fragment.html and index.html, [bold]-f md[/] <slug>-faq.md.
    """
    from infokit import build as build_mod
    from infokit import results

    _pdf_a_needs_pdf(pdf_a, formats)
    worst = ExitCode.OK
    printed: set[str] = set()
    for path in brands:
        if not as_json:
            err.print(f"building {escape(str(path))} ...")
        try:
            pages = list(
                build_mod.build_pages(
                    path,
                    out_dir,
                    formats,
                    template=template,
                    languages=lang or (),
                    timeout=timeout,
                    strict=strict,
                    converter=None if converter is None else _converter(converter, timeout, as_json, pdf_a),
                    pdf_a=pdf_a,
                    inputs_under=inputs_under or (),
                )
            )
        except InfokitError as exc:  # the brand file itself
            pages = [exc]
        for page in pages:
            if isinstance(page, InfokitError):
                _errors(page)
                if page.outputs and not as_json:
                    written = ", ".join(str(p) for p in page.outputs.values())
                    err.print(f"note: written before the failure: {escape(written)}")
                where = page.page
                failed = results.entry(
                    results.Status.FAILED,
                    path,
                    organization=where.get("organization"),
                    industry=where.get("industry"),
                    language=where.get("language"),
                    paper=where.get("paper"),
                    outputs=page.outputs,
                    error=page,
                )
                _emit(failed, as_json, printed)
                worst = max(worst, page.exit_code)
            else:
                label = f"{path} ({page.language}, {page.paper})" if len(pages) > 1 else str(path)
                _warn(page.warnings, label)
                _note(page.notes, label)
                _emit(page.as_dict(), as_json, printed)
    if worst != ExitCode.OK:
        raise typer.Exit(int(worst))


def _emit(entry: dict[str, Any], as_json: bool, printed: set[str] | None = None) -> None:
    """One organization's result on stdout: its JSON object on one line (JSON Lines, as
    batch prints), or the path of each file written, one a line. ``printed``: paths
    already on stdout (the FAQ files one language's papers share), not printed twice."""
    if as_json:
        typer.echo(json.dumps(entry, ensure_ascii=False))
        return
    for written in entry["outputs"].values():
        if printed is None or str(written) not in printed:
            typer.echo(written)
        if printed is not None:
            printed.add(str(written))


def _errors(exc: InfokitError) -> None:
    for problem in exc.problems:
        err.print(f"[bold red]error:[/] {escape(str(problem))}")


@app.command(cls=clihelp.Command, epilog=exit_codes_help(ExitCode.INVALID_INPUT, ExitCode.UNEXPECTED))
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="SOURCE...",
            help="Brand files, folders of them, and CSV files: whatever batch takes.",
            show_default=False,
        ),
    ],
    base: BaseOption = None,
    template: TemplateOption = None,
    lang: LangOption = None,
    strict: StrictOption = False,
    as_json: JsonOption = False,
    inputs_under: InputsUnderOption = None,
    jobs: Annotated[int | None, _jobs_option("renderers")] = None,
) -> None:
    """Validate brand files, folders and CSV files (as batch reads them); print warnings.

    Each page is rendered in memory; nothing is written.

    Each result is printed as soon as it is known, in the order of the sources.

    A page that batch would refuse as a duplicate is reported as batch reports it.

    With [bold]--strict[/] every warning is an error, as in build.
    """
    from infokit import check as check_mod

    worst = ExitCode.OK
    try:
        checked = check_mod.pages(
            paths,
            base,
            template=template,
            languages=lang or (),
            jobs=jobs or os.cpu_count() or 1,
            inputs_under=inputs_under or (),
        )
    except InfokitError as exc:  # the --base file itself is broken
        _fail(exc, as_json)
    for page in checked:
        if page.result is None:
            assert page.error is not None
            _errors(page.error)
            if as_json:
                _emit(page.as_dict(), True)
            worst = max(worst, page.error.exit_code)
            continue
        worst = max(worst, _report_check(page.label, page.result, strict, as_json))
    if worst != ExitCode.OK:
        raise typer.Exit(int(worst))


def _report_check(label: str, result: CheckResult, strict: bool, as_json: bool) -> ExitCode:
    """One checked page on stderr (warnings) and stdout (OK or its JSON)."""
    strict_error = result.strict_error() if strict else None
    if strict_error is not None:
        _errors(strict_error)
        count = _count(len(strict_error.problems), "warning")
        err.print(f"{escape(label)}: not valid with --strict ({count})")
    else:
        _warn(result.warnings, label)
    _note(result.notes, label)
    if result.faq_defaults and not as_json:
        err.print(
            f"{escape(label)}: faq: default answers (review them, or write your own under faq:): "
            f"{', '.join(result.faq_defaults)}"
        )
    if as_json:
        _emit(result.as_dict(strict=strict), True)
    elif strict_error is None:
        typer.echo(
            f"{label}: OK ({result.brand.organization}, {result.brand.industry}, template {result.template})"
        )
    return ExitCode.OK if strict_error is None else ExitCode.INVALID_INPUT


def _count(n: int, noun: str) -> str:
    """ "1 warning", "3 warnings": English plurals for the few nouns the CLI counts."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@app.command(
    cls=clihelp.Command,
    epilog=exit_codes_help(ExitCode.INVALID_INPUT, ExitCode.BATCH_HAD_FAILURES, ExitCode.UNEXPECTED),
)
def batch(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="SOURCE...",
            help="Brand files, folders of them, and CSV files (one organization a row).",
            show_default=False,
        ),
    ],
    out_dir: OutOption = Path("out"),
    base: BaseOption = None,
    formats: FormatOption = ["pptx", "pdf"],  # noqa: B006
    jobs: Annotated[int | None, _jobs_option("renderers and LibreOffice workers")] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even what is up to date.")] = False,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            metavar="FILE",
            callback=_report_path,
            help="Write a JSON report, one entry per organization.",
        ),
    ] = None,
    timeout: Annotated[float, _timeout_option("for one document before it is stopped")] = 120.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, only the summary.")] = False,
    converter: ConverterOption = None,
    pdf_a: PdfAOption = False,
    template: TemplateOption = None,
    lang: LangOption = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat every warning as an error: that organization fails.")
    ] = False,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print one JSON object per organization on stdout (JSON Lines)."),
    ] = False,
    inputs_under: InputsUnderOption = None,
) -> None:
    """Build many organizations; one bad source never stops the rest.

    Each file written (or up to date) is printed on stdout as its organization
    finishes; with [bold]--json[/], one JSON object per organization instead.
    Exit 0 when every organization was built or was up to date, 4 when any failed.
    """
    from infokit import batch as batch_mod
    from infokit.cli.progress import BatchProgress

    _pdf_a_needs_pdf(pdf_a, formats)

    def finished(outcome: batch_mod.Outcome) -> None:
        progress.update(outcome)
        if as_json:
            typer.echo(json.dumps(outcome.as_dict(), ensure_ascii=False))
        else:
            for written in outcome.outputs.values():
                typer.echo(str(written))

    stopped = ExitCode.OK
    with BatchProgress(err, quiet=quiet) as progress:
        try:
            result = batch_mod.run(
                paths,
                out_dir,
                base=base,
                formats=formats,
                jobs=jobs,
                force=force,
                timeout=timeout,
                converter=converter,
                progress=finished,
                pdf_a=pdf_a,
                on_start=progress.start,
                overrides=batch_mod.Overrides(template, tuple(lang or ()), strict, tuple(inputs_under or ())),
            )
        except batch_mod.Interrupted as stop:
            result, stopped = stop.report, stop.exit_code
        except InfokitError as exc:  # the --base file itself is broken
            _fail(exc, False)
    BatchProgress.summary(err, result)
    if report is not None:
        try:
            result.write(report)
        except InfokitError as exc:  # the organizations' results are printed above
            _fail(exc, False)
    if result.interrupted:
        raise typer.Exit(int(stopped))
    raise typer.Exit(int(result.exit_code))


@app.command(cls=clihelp.Command, epilog=exit_codes_help(*_BUILD_EXITS))
def preview(
    brand: Annotated[Path, typer.Argument(metavar="BRAND.yaml", help="The brand file.", show_default=False)],
    out_dir: OutOption = Path("out"),
    lang: OneLangOption = None,
    timeout: TimeoutOption = 120.0,
) -> None:
    """Render the brand in all four layouts side by side: OUT/<slug>/<slug>-preview.png."""
    from infokit import preview as preview_mod

    err.print(f"rendering {escape(str(brand))} in all four layouts ...")
    path = _run(False, lambda: preview_mod.preview(brand, out_dir, language=lang, timeout=timeout))
    typer.echo(str(path))


@app.command(cls=clihelp.Command)
def templates(
    strings: Annotated[
        bool,
        typer.Option(
            "--strings",
            help="List the string keys `text:` can override: key, most characters, default text.",
        ),
    ] = False,
    industry: Annotated[
        str,
        typer.Option(
            "--industry",
            "-i",
            metavar=f"[{'|'.join(catalog.INDUSTRIES)}]",
            callback=_one_of(catalog.INDUSTRIES),
            help="With --strings: the defaults of this industry's design.",
        ),
    ] = "generic",
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            "-l",
            metavar=f"[{'|'.join(LANGUAGES)}]",
            callback=_one_of(LANGUAGES),
            help="With --strings: the defaults in this language.",
        ),
    ] = "en",
) -> None:
    """List the built-in templates and the four layouts, one line each."""
    from infokit import templates as templates_mod

    if strings:
        from infokit.brand import MAX_TEXT, TEXT_LIMITS

        defaults = catalog.strings(lang, industry)
        for key in sorted(catalog.known_keys()):  # key, the most characters it takes, its default
            typer.echo(f"{key}\t{TEXT_LIMITS.get(key, MAX_TEXT)}\t{defaults.get(key, '')}")
        return
    for name in templates_mod.builtin_names():
        typer.echo(f"{name}\t{templates_mod.DESCRIPTIONS[name]}")
    typer.echo("\nlayouts (brand key `layout:`; any layout goes with any industry):")
    for layout in templates_mod.LAYOUTS:
        users = [i for i, d in templates_mod.DEFAULT_LAYOUT.items() if d == layout]
        default = f" (default for {', '.join(users)})" if users else ""
        typer.echo(f"{layout}\t{templates_mod.LAYOUT_DESCRIPTIONS[layout]}{default}")


@app.command(cls=clihelp.Command, epilog=exit_codes_help(ExitCode.INVALID_INPUT))
def init(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PATH",
            help="Where to write the starter brand file: a .yaml file, or a folder to put brand.yaml in.",
        ),
    ] = Path("brand.yaml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter brand file to edit."""
    from infokit import starter

    if path.is_dir() or path.suffix.lower() not in (".yaml", ".yml"):  # a folder: brand.yaml inside it
        path = path / "brand.yaml"
    if path.exists() and not force:
        err.print(f"[bold red]error:[/] {escape(str(path))} exists; use --force to overwrite it")
        raise typer.Exit(int(ExitCode.INVALID_INPUT))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(starter.TEXT, encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        err.print(f"[bold red]error:[/] {escape(str(path))} cannot be written: {escape(reason)}")
        raise typer.Exit(int(ExitCode.UNEXPECTED)) from None  # an output the machine refuses: 1, as build
    typer.echo(str(path))
    err.print(f"edit it, then run: infokit check {escape(str(path))}")


@app.command(cls=clihelp.Command)
def schema() -> None:
    """Print the brand file's JSON Schema, for editors that validate and complete YAML.

    Save it beside your brand files ([bold]infokit schema > brand.schema.json[/]) and put
    [bold]# yaml-language-server: $schema=brand.schema.json[/] at the top of a brand file.
    """
    from infokit import spec

    _print_json(spec.json_schema())


template_app = typer.Typer(
    help="Work with templates (your own .pptx files).", cls=clihelp.Group, no_args_is_help=True
)
app.add_typer(template_app, name="template")


@template_app.command(
    "check", cls=clihelp.Command, epilog=exit_codes_help(ExitCode.INVALID_INPUT, ExitCode.UNEXPECTED)
)
def template_check(
    path: Annotated[
        Path, typer.Argument(metavar="DECK.pptx", help="A .pptx to use with --template.", show_default=False)
    ],
    as_json: JsonOption = False,
) -> None:
    """List the tokens and infokit:* shapes a deck has, the unknown ones, and what will not
    follow the brand. Exit 2 when a build with it would fail."""
    from infokit import lint

    finding = _run(as_json, lambda: lint.check(path))
    if as_json:
        _print_json(
            {
                "ok": not finding.unknown,
                "tokens": dict(finding.tokens),
                "shapes": finding.shapes,
                "flows": finding.flows,
                "unknown": finding.unknown,
                "hard_coded_colours": dict(finding.colours),
                "hard_coded_fonts": dict(finding.fonts),
                "warnings": finding.warnings(),
            }
        )
    else:
        typer.echo(f"{path}: {sum(finding.tokens.values())} tokens, {len(finding.shapes)} infokit shapes")
        for token, count in sorted(finding.tokens.items()):
            typer.echo(f"  token {{{{{token}}}}} x{count}")
        for shape in finding.shapes:
            typer.echo(f"  shape {shape}")
        columns = sorted({n.rsplit("@", 1)[1].split(".")[0] for n in finding.flows})
        if columns:
            flowing = f"{len(finding.flows)} shapes flow in column(s) {', '.join(columns)}"
            typer.echo(f"  {flowing} (README: Templates)")
        for problem in finding.problems(path):
            err.print(f"[bold red]error:[/] {escape(str(problem))}")
        _warn(finding.warnings())
    if finding.unknown:
        raise typer.Exit(int(ExitCode.INVALID_INPUT))


def main() -> None:
    """Console-script entry point. SIGTERM (exit 143) and Ctrl-C (exit 130) stop a run
    the same way: every LibreOffice stopped, nothing half-written left."""
    stopping.install()
    try:
        app()
    except Terminated as stop:
        err.print("terminated" if stop.exit_code == ExitCode.TERMINATED else "interrupted")
        sys.exit(int(stop.exit_code))
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(int(ExitCode.INTERRUPTED))
