"""Checking the audit chain: each entry's own hash, its link to the one before, no
gaps in the sequence, and the chain's end against the head."""

from dataclasses import dataclass, field

from .models import GENESIS_HASH, AuditEntry, ChainHead


@dataclass
class VerificationResult:
    checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(batch_size: int = 2000) -> VerificationResult:
    result = VerificationResult()
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=batch_size):
        result.checked += 1
        if entry.sequence != expected_sequence:
            result.problems.append(
                f"Entry #{entry.sequence}: expected #{expected_sequence} — "
                "entries are missing (deleted) or were inserted."
            )
        if entry.previous_hash != previous_hash:
            result.problems.append(
                f"Entry #{entry.sequence}: does not link to the entry before it "
                "(an entry before it was changed, deleted or inserted)."
            )
        if entry.compute_hash() != entry.entry_hash:
            result.problems.append(f"Entry #{entry.sequence}: its content was changed.")
        previous_hash = entry.entry_hash
        expected_sequence = entry.sequence + 1
    head = ChainHead.objects.filter(pk=1).first()
    head_sequence = head.sequence if head else 0
    head_hash = head.entry_hash if head else GENESIS_HASH
    if head_sequence != expected_sequence - 1 or head_hash != previous_hash:
        result.problems.append(
            f"The chain ends at #{expected_sequence - 1} but the head records "
            f"#{head_sequence}: entries at the end were deleted or added."
        )
    return result
