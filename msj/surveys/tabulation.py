"""The Cuadros of Anexo 1 computed from answers: pure functions, no database.

Each table is computed the way the source computes it (checked against the printed tables by
tests/test_tabulation.py with the 2015 answers of tests/fixtures/anexo1_2015.json):

- mentions (Cuadros 14, 18, 20, 21): every mention counted, first/second/third apart where the
  order matters, and the percentage of all mentions;
- mentions per column (Cuadro 15): the percentage of each column's mentions;
- yes items (Cuadro 16): the Mesas that answered yes, as a percentage of the Mesas answering;
- choices per column (Cuadros 17, 19): each column's answers as a percentage of who answered it.

Every percentage goes through `percent`, rounded to one decimal, half up, as the tables print it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from msj.surveys import catalogue
from msj.surveys.catalogue import OTHER, YES, Answers
from msj.surveys.models import SurveyRound


def one_decimal(numerator: int, denominator: int) -> Decimal | None:
    """`numerator / denominator` to one decimal, half up, in integers (18.75 → 18.8); None of nothing.

    The one rounding of every figure of the surveys: percentages and means alike.
    """
    if denominator <= 0:
        return None
    tenths, remainder = divmod(numerator * 10, denominator)
    if 2 * remainder >= denominator:
        tenths += 1
    return Decimal(tenths).scaleb(-1)


def percent(part: int, whole: int) -> Decimal | None:
    """`part` as a percentage of `whole`, as the Cuadros print it (3 of 16 → 18.8)."""
    return one_decimal(part * 100, whole)


@dataclass(frozen=True)
class Column:
    label: Promise | str
    pct: bool  # whether its cells carry a second figure: a percentage, or what `second` names
    second: Promise | str = "%"


@dataclass(frozen=True)
class Cell:
    n: int | None  # None where a count means nothing (the total of ages)
    pct: Decimal | None = None


@dataclass(frozen=True)
class Row:
    key: str
    label: Promise | str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    key: str
    title: Promise | str
    note: Promise | str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total: Row | None
    respondents: int

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    def lines(self) -> list[tuple[Row, list[tuple[Cell, bool]]]]:
        """Every row, the total last, each cell beside whether its column shows a percentage."""
        rows = [*self.rows, *([self.total] if self.total else [])]
        return [(r, [(c, col.pct) for c, col in zip(r.cells, self.columns, strict=True)]) for r in rows]


RANKS: tuple[Promise, ...] = (_("1st"), _("2nd"), _("3rd"))
TOTAL = _("Total")


def _mentions(
    key: str,
    title: Promise,
    note: Promise,
    answers: Sequence[Answers],
    code: str,
    kind: str,
    *,
    ranked: bool,
) -> Table:
    question = catalogue.questions(kind)[code]
    choices = [*question.choices, *([(OTHER, _("Other"))] if question.other else [])]
    width = question.mentions if ranked else 1
    counts = {c: [0] * width for c, _label in choices}
    for answer in answers:
        for position, value in enumerate(answer.get(code, [])):
            counts[value][position if ranked else 0] += 1
    grand = sum(sum(v) for v in counts.values())
    rows = []
    for choice, label in choices:
        total = sum(counts[choice])
        if choice == OTHER and total == 0:
            continue  # an empty "other" row is noise; the coded categories always show
        cells = (
            (*(Cell(n) for n in counts[choice]), Cell(total, percent(total, grand)))
            if ranked
            else (Cell(total, percent(total, grand)),)
        )
        rows.append(Row(choice, label, cells))
    by_rank = [sum(counts[c][i] for c, _label in choices) for i in range(width)]
    total_cells = (
        (*(Cell(n) for n in by_rank), Cell(grand, percent(grand, grand)))
        if ranked
        else (Cell(grand, percent(grand, grand)),)
    )
    columns = (
        (*(Column(RANKS[i], False) for i in range(width)), Column(TOTAL, True))
        if ranked
        else (Column(_("Mentions"), True),)
    )
    respondents = sum(1 for a in answers if a.get(code))
    return Table(key, title, note, columns, tuple(rows), Row("total", TOTAL, total_cells), respondents)


def _mentions_columns(
    key: str, title: Promise, note: Promise, answers: Sequence[Answers], codes: Sequence[tuple[str, Promise]], kind: str
) -> Table:
    qs = catalogue.questions(kind)
    first = qs[codes[0][0]]
    choices = [*first.choices, (OTHER, _("Other"))]
    counts = {code: dict.fromkeys((c for c, _label in choices), 0) for code, _label in codes}
    for answer in answers:
        for code, _label in codes:
            for value in answer.get(code, []):
                counts[code][value] += 1
    totals = {code: sum(counts[code].values()) for code, _label in codes}
    rows = tuple(
        Row(c, label, tuple(Cell(counts[code][c], percent(counts[code][c], totals[code])) for code, _l in codes))
        for c, label in choices
        if c != OTHER or any(counts[code][OTHER] for code, _l in codes)
    )
    total = Row("total", TOTAL, tuple(Cell(totals[code], percent(totals[code], totals[code])) for code, _l in codes))
    respondents = sum(1 for a in answers if any(a.get(code) for code, _l in codes))
    return Table(key, title, note, tuple(Column(label, True) for _c, label in codes), rows, total, respondents)


def _yes_items(
    key: str, title: Promise, note: Promise, answers: Sequence[Answers], items: Iterable[tuple[str, Promise]]
) -> Table:
    respondents = len(answers)
    rows = []
    for code, label in items:
        yes = sum(1 for a in answers if a.get(code) == [YES])
        rows.append(Row(code, label, (Cell(yes, percent(yes, respondents)),)))
    return Table(key, title, note, (Column(_("Yes"), True),), tuple(rows), None, respondents)


def _choices_columns(
    key: str,
    title: Promise,
    note: Promise,
    answers: Sequence[Answers],
    codes: Sequence[tuple[str, Promise]],
    choices: Sequence[tuple[str, Promise]],
) -> Table:
    counts = {code: dict.fromkeys((c for c, _l in choices), 0) for code, _l in codes}
    for answer in answers:
        for code, _l in codes:
            values = answer.get(code, [])
            if values:
                counts[code][values[0]] += 1
    totals = {code: sum(counts[code].values()) for code, _l in codes}
    rows = tuple(
        Row(c, label, tuple(Cell(counts[code][c], percent(counts[code][c], totals[code])) for code, _l in codes))
        for c, label in choices
    )
    total = Row("total", TOTAL, tuple(Cell(totals[code], percent(totals[code], totals[code])) for code, _l in codes))
    return Table(key, title, note, tuple(Column(label, True) for _c, label in codes), rows, total, len(answers))


def _numbers(answers: Sequence[Answers], code: str, *, positive: bool = False) -> list[int]:
    values = [a[code][0] for a in answers if a.get(code)]
    return [v for v in values if v > 0] if positive else values


def _size(answers: Sequence[Answers]) -> list[Table]:
    """The size of the Mesas and the coordinators' profile, as the text of Anexo 1 §1.2 and §1.4 reports them."""
    rows = []
    for code, label, positive in (
        ("citizens", _("Citizens taking part"), False),
        ("committee_citizens", _("Citizens in the committees (Mesas with committees)"), True),
        ("age", _("Age of the coordinator"), False),
    ):
        values = _numbers(answers, code, positive=positive)
        total = sum(values) if code != "age" else None
        rows.append(Row(code, label, (Cell(total), Cell(len(values), one_decimal(sum(values), len(values))))))
    size = Table(
        "size",
        _("Size of the Mesas"),
        _("Totals, the Mesas answering, and the mean per Mesa answering."),
        (Column(TOTAL, False), Column(_("Mesas"), True, second=_("Mean"))),
        tuple(rows),
        None,
        len(answers),
    )
    committees = _numbers(answers, "committees")
    bands = (
        ("none", _("No committee operating"), [v for v in committees if v == 0]),
        ("one_to_five", _("One to five committees"), [v for v in committees if 1 <= v <= 5]),
        ("six_or_more", _("Six committees or more"), [v for v in committees if v >= 6]),
    )
    operating = Table(
        "committees",
        _("Committees in operation"),
        _("Percentage of the Mesas that answered."),
        (Column(_("Mesas"), True),),
        tuple(Row(key, label, (Cell(len(v), percent(len(v), len(committees))),)) for key, label, v in bands),
        Row("total", TOTAL, (Cell(len(committees), percent(len(committees), len(committees))),)),
        len(committees),
    )
    profile_rows = []
    for code, choice, label in (
        ("sex", "woman", _("Women")),
        ("sex", "man", _("Men")),
        ("resident", YES, _("Live in the locality of their Mesa")),
    ):
        answered = [a[code][0] for a in answers if a.get(code)]
        count = answered.count(choice)
        profile_rows.append(Row(f"{code}_{choice}", label, (Cell(count, percent(count, len(answered))),)))
    profile = Table(
        "profile",
        _("Profile of the coordinators"),
        _("Percentage of the coordinators who answered each question."),
        (Column(_("Coordinators"), True),),
        tuple(profile_rows),
        None,
        len(answers),
    )
    return [size, operating, profile]


def coordinators_tables(answers: Sequence[Answers]) -> list[Table]:
    """Cuadros 14 to 21 from the coordinators' submitted answers."""

    kind = SurveyRound.Kind.COORDINATORS
    return [
        _mentions(
            "cuadro14",
            _("Main causes of the security and justice problems in the locality (Cuadro 14)"),
            _("Up to three causes per coordinator; percentage of all mentions."),
            answers,
            "causes",
            kind,
            ranked=False,
        ),
        _mentions_columns(
            "cuadro15",
            _("Main crimes named by the coordinators (Cuadro 15)"),
            _("Percentage of each column's mentions."),
            answers,
            (("crimes_local", _("Incidence in the locality")), ("crimes_agenda", _("On the Mesa's agenda"))),
            kind,
        ),
        _yes_items(
            "cuadro16",
            _("Formalisation of the Mesas (Cuadro 16)"),
            _("Mesas answering yes; percentage of the Mesas that answered."),
            answers,
            catalogue.FORMALISATION,
        ),
        _choices_columns(
            "cuadro17",
            _("Acquaintance between the members of the Mesas (Cuadro 17)"),
            _("Percentage of the coordinators who answered each column."),
            answers,
            (
                ("know_citizens", _("Citizens")),
                ("know_local", _("Local officials")),
                ("know_federal", _("Federal officials")),
            ),
            catalogue.ACQUAINTANCE,
        ),
        _mentions(
            "cuadro18",
            _("Factors that have contributed to the development of the Mesas (Cuadro 18)"),
            _("First, second and third mentions; percentage of all mentions."),
            answers,
            "factors",
            kind,
            ranked=True,
        ),
        _choices_columns(
            "cuadro19",
            _("Previous experience of the coordinators (Cuadro 19)"),
            _("Percentage of the coordinators who answered each column."),
            answers,
            (
                ("exp_security", _("In security and justice issues")),
                ("exp_organisations", _("In social organisations")),
            ),
            catalogue.YES_NO,
        ),
        _mentions(
            "cuadro20",
            _("Motivations of the coordinators to take part in the Mesas (Cuadro 20)"),
            _("First and second mentions; percentage of all mentions."),
            answers,
            "motivations",
            kind,
            ranked=True,
        ),
        _mentions(
            "cuadro21",
            _("Risks the Mesas face (Cuadro 21)"),
            _("The two most important risks, first and second; percentage of all mentions."),
            answers,
            "risks",
            kind,
            ranked=True,
        ),
        *_size(answers),
    ]


def _ratings(key: str, title: Promise, note: Promise, answers: Sequence[Answers]) -> Table:
    """Each replicability factor with how many Mesas rated it high and low, of those rating it."""
    rows = []
    for code, _kind, _incidence, label in catalogue.REPLICABILITY_FACTORS:
        values = [a[code][0] for a in answers if a.get(code)]
        rated = len(values)
        rows.append(
            Row(
                code,
                label,
                tuple(Cell(values.count(c), percent(values.count(c), rated)) for c, _l in catalogue.FACTOR_RATINGS),
            )
        )
    columns = tuple(Column(label, True) for _c, label in catalogue.FACTOR_RATINGS)
    return Table(key, title, note, columns, tuple(rows), None, len(answers))


def self_assessment_tables(answers: Sequence[Answers]) -> list[Table]:
    """The formalisation checklist (as Cuadro 16) and the replicability factors (Cuadro 1)."""
    return [
        _yes_items(
            "cuadro16",
            _("Formalisation of the Mesas (Cuadro 16)"),
            _("Mesas answering yes; percentage of the Mesas that answered."),
            answers,
            catalogue.FORMALISATION,
        ),
        _ratings(
            "factors",
            _("Replicability factors (Cuadro 1)"),
            _("How much each factor weighs in the Mesas; percentage of the Mesas that rated it."),
            answers,
        ),
    ]


def tables(kind: str, answers: Sequence[Answers]) -> list[Table]:

    if kind == SurveyRound.Kind.SELF_ASSESSMENT:
        return self_assessment_tables(answers)
    return coordinators_tables(answers)


def over_time(key: str, title: Promise | str, note: Promise | str, series: Sequence[tuple[str, Table]]) -> Table:
    """One table's first figure across rounds: a column per round (oldest first), its rows by key."""
    keys: dict[str, Promise | str] = {}
    for _label, table in series:
        for row in table.rows:
            keys.setdefault(row.key, row.label)
    rows = []
    for row_key, label in keys.items():
        cells = []
        for _label, table in series:
            found = next((r for r in table.rows if r.key == row_key), None)
            cells.append(found.cells[0] if found else Cell(None))
        rows.append(Row(row_key, label, tuple(cells)))
    columns = tuple(Column(label, True) for label, _table in series)
    return Table(key, title, note, columns, tuple(rows), None, series[-1][1].respondents if series else 0)


@dataclass(frozen=True)
class Compared:
    label: Promise | str
    cells: tuple[tuple[Cell | None, Cell | None, Decimal | None], ...]  # per column: now, before, change in points


def compare(now: Table, before: Table | None) -> list[Compared]:
    """Each row of `now` beside the same row of the previous round, with the change in percentage points."""
    previous = {r.key: r for r in before.rows} if before is not None else {}
    keys = [r.key for r in now.rows] + [k for k in previous if k not in {r.key for r in now.rows}]
    current = {r.key: r for r in now.rows}
    result = []
    for key in keys:
        row_now, row_before = current.get(key), previous.get(key)
        cells = []
        for i, column in enumerate(now.columns):
            if not column.pct:
                continue
            a = row_now.cells[i] if row_now else None
            b = row_before.cells[i] if row_before else None
            change = a.pct - b.pct if a and b and a.pct is not None and b.pct is not None else None
            cells.append((a, b, change))
        label = (row_now or row_before).label  # type: ignore[union-attr]
        result.append(Compared(label, tuple(cells)))
    return result


def rows_for_export(table: Table) -> list[list[Any]]:
    """The table as rows of plain values: a header, then N and % for each column."""
    header: list[Any] = [str(table.title)]
    for column in table.columns:
        header.append(f"{column.label} N")
        if column.pct:
            header.append(f"{column.label} {column.second}")
    body = [header]
    for row in [*table.rows, *([table.total] if table.total else [])]:
        line: list[Any] = [str(row.label)]
        for column, cell in zip(table.columns, row.cells, strict=True):
            line.append(cell.n)
            if column.pct:
                line.append(cell.pct)
        body.append(line)
    return body
