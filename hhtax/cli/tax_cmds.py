"""Tax commands: `rules`, `assess`, `compare`, `due`. They parse, call hhtax.rules / hhtax.tax, print."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import click

from hhtax.cli.context import echo_json, get_context, json_option, period_option
from hhtax.cli.duty_view import print_report
from hhtax.i18n import register
from hhtax.ledger_tax import compare_ledger
from hhtax.money import format_vnd
from hhtax.periods import Period
from hhtax.rules import Rule, load_rules
from hhtax.tax.explain import cite, explain, method_name, summary, to_dict

register(
    {
        "tax.rules_on": ("Quy định áp dụng ngày {day}", "Rules in force on {day}"),
        "tax.compare_head": (
            "So sánh phương pháp năm {year} · nhóm {group} · doanh thu {revenue}",
            "Method comparison {year} · group {group} · revenue {revenue}",
        ),
        "tax.cheaper": (
            "Lựa chọn hợp pháp rẻ hơn: phương pháp {method} (tiết kiệm {saving})",
            "Cheaper legal choice: the {method} method (saves {saving})",
        ),
        "tax.only": (
            "Chỉ được áp dụng phương pháp {method}",
            "Only the {method} method is allowed",
        ),
        "tax.no_choice": ("Không có lựa chọn: {reason}", "No choice to make: {reason}"),
        "tax.optimum": (
            "Phân bổ 1 tỷ tối ưu cả năm: {plan} → thuế TNCN {optimum} (mặc định theo kỳ: {default})",
            "Annual optimum of the 1 bn deduction: {plan} → PIT {optimum} (period-by-period default: "
            "{default})",
        ),
        "tax.due_head": ("Hạn nộp năm {year}", "Deadlines for {year}"),
    }
)




def _shown(value: Any) -> str:
    """A rule value as printed by `hhtax rules`: tables and lists as compact JSON."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _rule_dict(rule: Rule) -> dict[str, Any]:
    value = rule.value
    return {
        "name": rule.name,
        "value": value,
        "valid_from": rule.valid_from.isoformat(),
        "valid_to": rule.valid_to.isoformat() if rule.valid_to else None,
        "ref": rule.ref,
        "confidence": rule.confidence,
        "reading": rule.reading,
        "pack": rule.pack,
    }


@click.command("rules")
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Show the values in force on this date (YYYY-MM-DD; default: today).",
)
@json_option
def rules_cmd(day: Any, as_json: bool) -> None:
    """Every rule-pack value in force on a date, with its legal reference."""
    ctx = get_context()
    on = day.date() if day is not None else date.today()
    book = load_rules(ctx.rules_file)
    rules = book.all_on(on)
    if as_json:
        echo_json({"date": on.isoformat(), "rules": [_rule_dict(r) for r in rules]})
        return
    click.echo(ctx.msg("tax.rules_on", day=on.strftime("%d/%m/%Y")))
    for rule in rules:
        until = rule.valid_to.strftime("%d/%m/%Y") if rule.valid_to else "…"
        click.echo(f"{rule.name} = {_shown(rule.value)}")
        click.echo(
            f"    {rule.valid_from.strftime('%d/%m/%Y')}–{until} · [{rule.confidence}] · "
            f"{cite(rule.citation(), ctx.lang)}"
        )


@click.command("assess")
@click.option(
    "--period",
    "period",
    callback=period_option,
    default=None,
    help="Period: 2026-03, 2026-Q1, 2026-H1 or 2026 (default: the last ended quarter or month).",
)
@click.option(
    "--explain", "show_trace", is_flag=True, help="Show every figure with its formula and citation."
)
@json_option
def assess_cmd(period: Period | None, show_trace: bool, as_json: bool) -> None:
    """VAT and PIT for a period, figure by figure."""
    ctx = get_context()
    ledger = ctx.ledger()
    result = ledger.assess(period or ledger.default_period())
    if as_json:
        echo_json(to_dict(result))
        return
    for line in explain(result, ctx.lang) if show_trace else summary(result, ctx.lang):
        click.echo(line)


@click.command("compare")
@click.option("--year", type=click.IntRange(2022, 2999), required=True, help="Calendar year to compare.")
@json_option
def compare_cmd(year: int, as_json: bool) -> None:
    """Revenue method vs income method for a year, naming the cheaper legal choice."""
    ctx = get_context()
    ledger = ctx.ledger()
    result = compare_ledger(ledger.store, year, ledger.rules)
    if as_json:
        echo_json(result.to_dict())
        return
    click.echo(ctx.msg("tax.compare_head", year=year, group=result.group, revenue=format_vnd(result.revenue)))
    for m in result.methods:
        legal = "" if m.legal else " (✗)"
        click.echo(
            f"  {method_name(m.method, ctx.lang):<9}{legal} VAT {format_vnd(m.vat):>15}  "
            f"PIT {format_vnd(m.pit):>15}  total {format_vnd(m.total):>15}  books {', '.join(m.books)}"
        )
        click.echo(f"           {m.lock}")
    if result.cheaper and result.saving:
        click.echo(
            ctx.msg(
                "tax.cheaper", method=method_name(result.cheaper, ctx.lang), saving=format_vnd(result.saving)
            )
        )
    elif result.cheaper and sum(m.legal for m in result.methods) == 1:
        click.echo(ctx.msg("tax.only", method=method_name(result.cheaper, ctx.lang)))
    elif not result.cheaper:
        click.echo(ctx.msg("tax.no_choice", reason=result.group))
    if result.optimum_plan:
        plan = ", ".join(f"{k} = {format_vnd(v)}" for k, v in result.optimum_plan.items())
        click.echo(
            ctx.msg(
                "tax.optimum",
                plan=plan,
                optimum=format_vnd(result.optimum_pit),
                default=format_vnd(result.default_pit),
            )
        )
    click.echo(f"({result.ref})")


@click.command("due")
@click.option("--year", type=click.IntRange(2022, 2999), default=None, help="Year (default: this year).")
@click.option("--on", "on_day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day to judge lateness and interest on (YYYY-MM-DD; default: today).")
@json_option
def due_cmd(year: int | None, on_day: Any, as_json: bool) -> None:
    """Overdue returns with days late and interest, what is due next, every deadline filed or not."""
    ctx = get_context()
    today = on_day.date() if on_day is not None else date.today()
    year = year or today.year
    report = ctx.ledger().duties(year, on=today)
    if as_json:
        echo_json(report.to_dict())
        return
    click.echo(ctx.msg("tax.due_head", year=year))
    print_report(report, ctx.lang)


commands: list[click.Command] = [rules_cmd, assess_cmd, compare_cmd, due_cmd]
