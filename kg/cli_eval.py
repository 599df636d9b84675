"""`kg eval` and `kg openie`: kg's extraction as an Open IE system, scored on public benchmarks.

Part of the command line (kg/cli.py registers it); like cli.py, the only code that prints.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app, call_reported

eval_app = typer.Typer(
    help="Score kg's extraction on public Open IE benchmarks.", no_args_is_help=True
)
app.add_typer(eval_app, name="eval")
BenchmarksOption = Annotated[
    Path | None,
    typer.Option(
        "--benchmarks", help="Folder holding carb/ and benchie/ (default: ../shared/benchmarks)."
    ),
]
ModelOption = Annotated[str | None, typer.Option(help="spaCy pipeline; default: best installed.")]


class Split(StrEnum):
    DEV = "dev"
    TEST = "test"


@eval_app.command("carb")
def eval_carb(
    split: Annotated[Split, typer.Option(help="Tune on dev only; report test.")] = Split.DEV,
    out: Annotated[Path | None, typer.Option("--out", help="Write the system tuples here.")] = None,
    benchmarks: BenchmarksOption = None,
    model: ModelOption = None,
) -> None:
    """Extract from CaRB's sentences and print P, R, F1 and AUC."""
    from kg import evaluate
    from kg.extract.openie import openie_system
    from kg.nlp import load_nlp

    def run() -> evaluate.CarbScore:
        folder = benchmarks or evaluate.default_benchmarks_dir()
        return evaluate.evaluate_carb(split.value, folder, openie_system(load_nlp(model)), out)

    score = call_reported(run)
    figures = f"P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f} AUC {score.auc:.3f}"
    print(f"CaRB {split.value}: {figures}")


@eval_app.command("benchie")
def eval_benchie(
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the system triples here.")
    ] = None,
    benchmarks: BenchmarksOption = None,
    model: ModelOption = None,
) -> None:
    """Extract from BenchIE's sentences and print P, R and F1."""
    from kg import evaluate
    from kg.extract.openie import openie_system
    from kg.nlp import load_nlp

    def run() -> evaluate.BenchieScore:
        folder = benchmarks or evaluate.default_benchmarks_dir()
        return evaluate.evaluate_benchie(folder, openie_system(load_nlp(model)), out)

    score = call_reported(run)
    print(f"BenchIE: P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f}")


@app.command()
def openie(
    file: Annotated[Path, typer.Argument(help="Sentences, one per line.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Default: stdout.")] = None,
    pretokenized: Annotated[
        bool | None,
        typer.Option("--pretokenized/--raw", help="Tokens split by spaces (default: detect)."),
    ] = None,
    model: ModelOption = None,
) -> None:
    """Write Open IE tuples for a file of sentences, in CaRB's tab-separated format."""
    from kg import evaluate
    from kg.errors import InputError
    from kg.extract.openie import all_extractors, run_openie
    from kg.files import write_bytes
    from kg.nlp import load_nlp, looks_pretokenized

    def run() -> str:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{file}: cannot read ({exc})") from exc
        tokenized = looks_pretokenized(lines) if pretokenized is None else pretokenized
        tuples = run_openie(lines, load_nlp(model), all_extractors(), tokenized)
        return evaluate.render_carb_tabbed(tuples)

    text = call_reported(run)
    if output is None:
        sys.stdout.write(text)
    else:
        write_bytes(output, text.encode("utf-8"))
