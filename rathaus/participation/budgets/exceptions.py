"""Why a vote or a change of a budget could not be made."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.exceptions import UserFacingError

from .money import format_euro


class BudgetError(UserFacingError):
    pass


class VotingClosed(BudgetError):
    message = _("Voting on this budget is not open at the moment.")


class AlreadyVoted(BudgetError):
    message = _("You have already cast your vote for this budget. A vote cannot be changed.")


class NothingChosen(BudgetError):
    message = _("Please choose at least one project.")


class UnknownProject(BudgetError):
    message = _("One of the chosen projects does not belong to this budget.")


class OverBudget(BudgetError):
    def __init__(self, *, chosen: int, total: int):
        self.chosen, self.total = chosen, total
        super().__init__(
            _(
                "Your selection costs %(chosen)s, which is %(excess)s more than the total of "
                "%(total)s. Please remove projects until the total is not exceeded."
            )
            % {
                "chosen": format_euro(chosen),
                "excess": format_euro(chosen - total),
                "total": format_euro(total),
            }
        )


class UnderMinimum(BudgetError):
    def __init__(self, *, chosen: int, minimum: int, total: int, percent: int):
        self.chosen, self.minimum = chosen, minimum
        super().__init__(
            _(
                "Please distribute at least %(minimum)s (%(percent)s %% of %(total)s). Your "
                "selection costs %(chosen)s, %(missing)s too little."
            )
            % {
                "minimum": format_euro(minimum),
                "percent": percent,
                "total": format_euro(total),
                "chosen": format_euro(chosen),
                "missing": format_euro(minimum - chosen),
            }
        )


class ProjectHasVotes(BudgetError):
    message = _("This project has already been chosen on ballots and cannot be deleted.")


class ResultsNotYetPublic(BudgetError):
    message = _("The projects can be selected for implementation only after the vote has ended.")
