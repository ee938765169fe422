"""The forms a period calls for, leasing included: `Assessment.filing` and `Assessment.filings`.

The ordinary engine decides the ordinary return (01/CNKD, 01/TKN-CNKD, 02/CNKD-TNCN-QTT). Leasing
has its own forms, added here so that `assess`, `due` and `declare` name the same ones:

- Regime A (TT 40/2021 Art 8, App. II; reading OQ-19): `leasing` lines with revenue in a taxable year
  are declared on 01/TTS, for each of the household's filing periods (month or quarter) or once for
  the year: the lessor chooses (Art 8), so both name 01/TTS here; `hhtax due` lists the year unless
  a period's 01/TTS has been recorded (`hhtax.duty`).
- Regime B (NĐ 68/2026 Art 8.3.d; reading OQ-09): real estate in the separate pool is declared on
  01/BĐS for H1 and H2 or the year (`lease_filing`).

A household that has nothing but leasing files the leasing form alone: its `filing` is 01/TTS or
01/BĐS, and a note never sends it to 01/CNKD or 01/TKN-CNKD. A household with leasing and other lines
files both: `filings` lists every form, `filing` names the first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from hhtax.aggregates import AggregateRow
from hhtax.model import Household, IndustryGroup
from hhtax.periods import Period, PeriodKind
from hhtax.rules import RuleBook
from hhtax.tax import messages as msg
from hhtax.tax.assessment import Assessment, FormCode
from hhtax.tax.real_estate import lease_periods, leased_in, leases_only, pooled
from hhtax.tax.run import kind_en

TTS: FormCode = "01/TTS"
BDS: FormCode = "01/BĐS"
TTS_NOTE: msg.Note = (
    "leasing is declared on 01/TTS for each {frequency} or once for the year, not for {period} "
    "(TT 40/2021 Art 8)",
    "cho thuê tài sản khai trên 01/TTS theo từng {frequency_vi} hoặc một lần theo năm, không khai cho kỳ "
    "{period} (TT 40/2021 Điều 8)",
)
BDS_NOTE: msg.Note = (
    "real-estate leasing is declared on 01/BĐS for {periods} (NĐ 68/2026 Art 8.3.d; reading OQ-09); "
    "nothing else is due for {period}",
    "cho thuê bất động sản khai trên 01/BĐS cho kỳ {periods} (NĐ 68/2026 Điều 8.3.d; cách hiểu OQ-09); kỳ "
    "{period} không phải khai gì khác",
)


ORDINARY = ("01/CNKD", "01/TKN-CNKD", "02/CNKD-TNCN-QTT")


def ordinary_form(result: Assessment) -> str:
    """The ordinary return of the period (01/CNKD, 01/TKN-CNKD, 02/CNKD-TNCN-QTT), "" when only a
    leasing form (or nothing) is due."""
    return next((form for form in result.filings or (result.filing,) if form in ORDINARY), "")


def tts_due(result: Assessment, household: Household) -> bool:
    """01/TTS for a regime-A period: a taxable year, leasing revenue in the period, and the period is
    one of the household's filing periods or the year (TT 40/2021 Art 4.2, 8)."""
    period = result.period
    if result.regime != "A" or result.group != "taxable":
        return False
    if period.kind is not PeriodKind.YEAR and kind_en(period) != result.filing_frequency:
        return False
    leasing = {line.id for line in household.lines if line.group is IndustryGroup.LEASING}
    return any(line.revenue.value for line in result.lines if line.line in leasing)


def bds_due(period: Period, household: Household, rules: RuleBook, rows: Iterable[AggregateRow]) -> bool:
    """01/BĐS for a regime-B half-year or year of the real-estate pool in which a contract runs or lease
    revenue is recorded (NĐ 68/2026 Art 8.3.d; OQ-09)."""
    return period.regime == "B" and pooled(household, rules, period.end) \
        and period in lease_periods(household, period.year) and leased_in(household, rows, period)


def with_leasing(result: Assessment, household: Household, rules: RuleBook,
                 rows: Iterable[AggregateRow]) -> Assessment:
    """`result` with `filings` (every form due) and `filing` (the first) including the leasing forms;
    a leasing-only household's note names its leasing form, never 01/CNKD or 01/TKN-CNKD."""
    period = result.period
    extra: tuple[FormCode, ...] = ()
    if tts_due(result, household):
        extra = (TTS,)
    elif bds_due(period, household, rules, rows):
        extra = (BDS,)
    only = leases_only(household, result.regime, rules, period.end)
    ordinary = (result.filing,) if result.filing and not only else ()
    filings = (*ordinary, *extra)
    filing: FormCode = filings[0] if filings else ""
    if not only:
        return replace(result, filing=filing, filings=filings)
    if filing or (result.regime == "A" and result.group != "taxable"):
        note = msg.NO_NOTE if filing else (result.filing_note, result.filing_note_vi)
    elif result.regime == "A":
        frequency = result.filing_frequency or "quarterly"
        note = msg.note(TTS_NOTE, frequency=frequency.removesuffix("ly"), period=str(period),
                        frequency_vi=msg.FREQUENCY_VI.get(frequency, frequency))
    else:
        periods = ", ".join(str(p) for p in lease_periods(household, period.year)
                            if leased_in(household, rows, p)) or "—"
        note = msg.note(BDS_NOTE, periods=periods, period=str(period))
    return replace(result, filing=filing, filings=filings, filing_note=note[0], filing_note_vi=note[1])
