"""Checking the audit chain: each entry's own hash, its link to the one before, no
gaps in the sequence, and the chain's end against the head."""

from dataclasses import dataclass, field

from rathaus.core.tenancy import current_town_id

from .models import GENESIS_HASH, AuditEntry, ChainHead

MAX_PROBLEMS = 1000


@dataclass
class VerificationResult:
    checked: int = 0
    problems: list[str] = field(default_factory=list)
    more_problems: int = 0
    last_sequence: int = 0
    last_hash: str = GENESIS_HASH

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, problem: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self.more_problems += 1


def verify_chain(batch_size: int = 2000) -> VerificationResult:
    """Walk the current town's whole chain once, in sequence order, with constant memory."""
    result = VerificationResult()
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=batch_size):
        result.checked += 1
        if entry.sequence != expected_sequence:
            result.add(
                f"Entry #{entry.sequence}: expected #{expected_sequence} — "
                "entries are missing (deleted) or were inserted."
            )
        if entry.previous_hash != previous_hash:
            result.add(
                f"Entry #{entry.sequence}: does not link to the entry before it "
                "(an entry before it was changed, deleted or inserted)."
            )
        if entry.compute_hash() != entry.entry_hash:
            result.add(f"Entry #{entry.sequence}: its content was changed.")
        previous_hash = entry.entry_hash
        expected_sequence = entry.sequence + 1
    result.last_sequence = expected_sequence - 1
    result.last_hash = previous_hash
    head = ChainHead.objects.filter(town_id=current_town_id()).first()
    head_sequence = head.sequence if head else 0
    head_hash = head.entry_hash if head else GENESIS_HASH
    if head_sequence != result.last_sequence or head_hash != previous_hash:
        result.add(
            f"The chain ends at #{result.last_sequence} but the head records "
            f"#{head_sequence}: entries at the end were deleted or added."
        )
    return result
