"""The demo town's e-Government programme: Weiterstadt's concept with its measures, the cost
and staff plan with the budget account, the key figures with their history, funding
programmes, best practices and the expert group, and this year's annual report as a draft.

It loads after every other app (the open-data portal included), so that the key figures and
the report are computed from the other apps' demo data.
"""

from rathaus.core.registries import register_demo_data

from . import demo_concept, demo_figures, demo_funding, demo_plan, demo_report

PARTS = (demo_concept, demo_plan, demo_figures, demo_funding, demo_report)


@register_demo_data(
    key="programme",
    order=950,
    logins=(("External expert, expert group", demo_funding.EXTERNAL["email"]),),
)
def load(*, units, people) -> int:
    return sum(part.load(units=units, people=people) for part in PARTS)
