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

from infokit import __version__
from infokit.errors import ExitCode, InfokitError

app = typer.Typer(
    name="infokit",
    help="Branded virtual-appointment infographics (PPTX and PDF) from a YAML brand file.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
# emoji=False: a name like "Smile :smile: Dental" is printed as typed, never as an emoji;
# user text is also escaped wherever it is printed, so "[bold]" stays literal.
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)

EXIT_CODES_HELP = (
    "Exit codes: 0 success, 2 invalid input (brand file, template, usage), "
    "3 conversion failed (LibreOffice missing, failed or timed out), "
    "4 a batch finished with failures, 1 anything else."
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print a machine-readable result on stdout.")]
TemplateOption = Annotated[
    str | None,
    typer.Option(
        "--template", "-t", help="A built-in template name or the path of a .pptx; overrides the brand file."
    ),
]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang", "-l", help="Language of the template strings (en, ru, ko); overrides the brand file."
    ),
]
StrictOption = Annotated[bool, typer.Option("--strict", help="Treat every warning as an error (exit 2).")]
PdfAOption = Annotated[bool, typer.Option("--pdf-a", help="Write PDF/A-2b (archival) instead of plain PDF.")]
ConverterOption = Annotated[
    str | None,
    typer.Option(
        "--converter",
        help="Where PDFs are made: libreoffice (here, the default) or unoserver://HOST:PORT[,HOST:PORT...].",
    ),
]


def _timeout(value: float) -> float:
    """Checked where it is parsed: before any work starts."""
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


TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout", callback=_timeout, help="Seconds LibreOffice may take before it is stopped."
    ),
]
OutOption = Annotated[Path, typer.Option("--out", "-o", callback=_out_dir, help="Output folder.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"infokit {__version__}")
        raise typer.Exit()


@app.callback(epilog=EXIT_CODES_HELP)
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


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        err.print(f"[bold yellow]warning:[/] {escape(warning)}")


@app.command(epilog=EXIT_CODES_HELP)
def build(
    brands: Annotated[
        list[Path], typer.Argument(help="One or more brand files (.yaml).", show_default=False)
    ],
    out_dir: OutOption = Path("out"),
    formats: Annotated[
        list[str], typer.Option("--format", "-f", help="pptx, pdf or png; repeat for several.")
    ] = ["pptx", "pdf"],  # noqa: B006
    template: TemplateOption = None,
    lang: LangOption = None,
    timeout: TimeoutOption = 120.0,
    strict: StrictOption = False,
    as_json: JsonOption = False,
    converter: ConverterOption = None,
    pdf_a: PdfAOption = False,
) -> None:
    """Build branded PPTX and PDF (and PNG with [bold]-f png[/]) for each brand file.

    Outputs go to OUT/<organization-slug>/<slug>-<industry>.<format>.
    """
    from infokit import build as build_mod

    results = []
    worst: InfokitError | None = None
    for path in brands:
        if not as_json:
            err.print(f"building {escape(str(path))} ...")
        try:
            result = build_mod.build(
                path,
                out_dir,
                formats,
                template=template,
                language=lang,
                timeout=timeout,
                strict=strict,
                converter=None if converter is None else _converter(converter, timeout, as_json, pdf_a),
                pdf_a=pdf_a,
            )
        except InfokitError as exc:
            if len(brands) == 1:
                _fail(exc, as_json)
            for problem in exc.problems:
                err.print(f"[bold red]error:[/] {escape(str(problem))}")
            results.append({"ok": False, "source": str(path), "error": exc.as_dict()})
            worst = exc if worst is None or exc.exit_code > worst.exit_code else worst
            continue
        _warn(result.warnings)
        results.append({"ok": True, **result.as_dict()})
        if not as_json:
            for path_out in result.outputs.values():
                typer.echo(str(path_out))
    if as_json:
        _print_json(results[0] if len(results) == 1 else results)
    if worst is not None:
        raise typer.Exit(int(worst.exit_code))


@app.command(epilog=EXIT_CODES_HELP)
def check(
    brand: Annotated[Path, typer.Argument(help="The brand file to validate.", show_default=False)],
    template: TemplateOption = None,
    lang: LangOption = None,
    strict: StrictOption = False,
    as_json: JsonOption = False,
) -> None:
    """Validate a brand file and render it in memory; print warnings. Writes nothing."""
    from infokit import build as build_mod

    result = _run(as_json, lambda: build_mod.check(brand, template=template, language=lang))
    notes = [*result.warnings, *result.contrast_notes()]
    if as_json:
        _print_json(
            {
                "ok": not (strict and notes),
                "source": str(brand),
                "organization": result.brand.organization,
                "industry": result.brand.industry,
                "template": result.template,
                "warnings": result.warnings,
                "contrast_fixes": [vars(f) for f in result.contrast_fixes],
            }
        )
    else:
        _warn(notes)
        typer.echo(
            f"{brand}: OK ({result.brand.organization}, {result.brand.industry}, template {result.template})"
        )
    if strict and notes:
        raise typer.Exit(int(ExitCode.INVALID_INPUT))


@app.command(epilog=EXIT_CODES_HELP)
def batch(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Brand files, folders of them, and CSV files (one organization a row).", show_default=False
        ),
    ],
    out_dir: OutOption = Path("out"),
    base: Annotated[
        Path | None,
        typer.Option(
            "--base", help="A YAML file of defaults that each brand file or row overrides key by key."
        ),
    ] = None,
    formats: Annotated[
        list[str], typer.Option("--format", "-f", help="pptx, pdf or png; repeat for several.")
    ] = ["pptx", "pdf"],  # noqa: B006
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Parallel renderers and LibreOffice workers [default: CPUs]."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even what is up to date.")] = False,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", callback=_report_path, help="Write a JSON report, one entry per organization."
        ),
    ] = None,
    timeout: TimeoutOption = 120.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, only the summary.")] = False,
    converter: ConverterOption = None,
    pdf_a: PdfAOption = False,
) -> None:
    """Build many organizations; one bad source never stops the rest.

    Exit 0 when every organization was built or was up to date, 4 when any failed.
    """
    from infokit import batch as batch_mod
    from infokit import build as build_mod
    from infokit.progress import BatchProgress

    for fmt in formats:
        if fmt not in build_mod.FORMATS:
            err.print(f"[bold red]error:[/] --format: '{escape(fmt)}' is not a format; use pptx, pdf, png")
            raise typer.Exit(int(ExitCode.INVALID_INPUT))
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
                progress=progress.update,
                pdf_a=pdf_a,
            )
        except batch_mod.Interrupted as stop:
            result = stop.report
        except InfokitError as exc:  # the --base file itself is broken
            _fail(exc, False)
    if report is not None:
        result.write(report)
    BatchProgress.summary(err, result)
    if result.interrupted:
        raise typer.Exit(130)
    raise typer.Exit(int(result.exit_code))


@app.command(epilog=EXIT_CODES_HELP)
def preview(
    brand: Annotated[Path, typer.Argument(help="The brand file.", show_default=False)],
    out_dir: OutOption = Path("out"),
    lang: LangOption = None,
    timeout: TimeoutOption = 120.0,
) -> None:
    """Render the brand in all four designs side by side: OUT/<slug>/<slug>-preview.png."""
    from infokit import preview as preview_mod

    err.print(f"rendering {escape(str(brand))} in all four designs ...")
    path = _run(False, lambda: preview_mod.preview(brand, out_dir, language=lang, timeout=timeout))
    typer.echo(str(path))


@app.command()
def templates(
    strings: Annotated[
        bool, typer.Option("--strings", help="List the string keys `text:` can override.")
    ] = False,
) -> None:
    """List the built-in templates, one line each."""
    from infokit import catalog
    from infokit import templates as templates_mod

    if strings:
        english = catalog.strings("en", "generic")
        for key in sorted(catalog.known_keys()):
            typer.echo(f"{key}\t{english.get(key, '')}")
        return
    for name in templates_mod.builtin_names():
        typer.echo(f"{name}\t{templates_mod.DESCRIPTIONS[name]}")


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the starter brand file.")] = Path("brand.yaml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter brand file to edit."""
    from infokit import starter

    if path.exists() and not force:
        err.print(f"[bold red]error:[/] {escape(str(path))} exists; use --force to overwrite it")
        raise typer.Exit(int(ExitCode.INVALID_INPUT))
    path.write_text(starter.TEXT, encoding="utf-8")
    typer.echo(str(path))
    err.print(f"edit it, then run: infokit check {escape(str(path))}")


template_app = typer.Typer(help="Work with templates (your own .pptx files).", no_args_is_help=True)
app.add_typer(template_app, name="template")


@template_app.command("check", epilog=EXIT_CODES_HELP)
def template_check(
    path: Annotated[Path, typer.Argument(help="A .pptx to use with --template.", show_default=False)],
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
        for unknown in finding.unknown:
            err.print(f"[bold red]error:[/] {escape(str(path))}: unknown {escape(unknown)}")
        _warn(finding.warnings())
    if finding.unknown:
        raise typer.Exit(int(ExitCode.INVALID_INPUT))


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
