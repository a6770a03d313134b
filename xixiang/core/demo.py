"""What every app's demo seeder shares (spec/demo-data.md): the context, the scales, the
password of the demo users, and a fast wipe. The seeders run in order from `home.demo`.
"""

import random
import time
from dataclasses import dataclass, field

#: Households per village at each scale (demo-data.md): tiny is for tests only.
HOUSEHOLDS_PER_VILLAGE = {"tiny": 4, "small": 30, "full": 360}
DEMO_PASSWORD = "xixiang2009"


@dataclass
class DemoContext:
    """What the seeders share: the scale, a seeded random generator and a progress writer."""

    scale: str = "small"
    seed: int = 2009
    write: object = print
    rng: random.Random = field(init=False)
    shared: dict = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    @property
    def households_per_village(self) -> int:
        return HOUSEHOLDS_PER_VILLAGE[self.scale]

    def progress(self, message: str) -> None:
        self.write(f"[{time.monotonic() - self.started:6.1f}s] {message}")

    def rng_for(self, name: str) -> random.Random:
        """An independent generator per seeder, so one seeder's draws never shift another's."""
        return random.Random(f"{self.seed}:{name}")


def wipe(*models) -> None:
    """Delete every row of `models` (in the order given) and of their history tables.

    A demo reset removes hundreds of thousands of rows: the ORM's delete() would load them to
    run cascades and signals, and simple-history would write a "deleted" history row for each.
    Raw deletes skip both; callers list the models children first.
    """
    for model in models:
        model.objects.all()._raw_delete(model.objects.db)
        history = getattr(model, "history", None)
        if history is not None:
            history.all()._raw_delete(history.db)
