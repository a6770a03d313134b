"""Assessment fixtures: the 18 departments of the catalogue, extra scorers and an open cycle
over the `world` (城关镇 五丰村 and 峡口镇 江榜村, one household each)."""

import random
from dataclasses import dataclass

import pytest

from assessment import services
from assessment.models import Cycle
from villages.demo import COOPERATING_DEPARTMENTS, LEAD_DEPARTMENTS
from villages.models import Department
from xixiang.accounts.choices import Role

from ..factories import DepartmentFactory, UserFactory


@pytest.fixture
def departments(world) -> dict[str, Department]:
    result = {}
    for index, name in enumerate(LEAD_DEPARTMENTS + COOPERATING_DEPARTMENTS, start=1):
        result[name] = DepartmentFactory(name=name, code=f"D{index:03d}")
    return result


@dataclass
class AssessmentWorld:
    world: object
    cycle: Cycle
    departments: dict

    def __getattr__(self, name):
        return getattr(self.world, name)

    def indicator(self, code):
        return self.cycle.indicators.get(code=code)


@pytest.fixture
def scorers(world, departments):
    """scorer_shuili (县水利局: B1), scorer_fupin (县扶贫开发局: co-operates on A1 and B3),
    scorer_minzheng (县民政局: D2, D3, E2)."""
    users = {
        "scorer_shuili": UserFactory(username="scorer_shuili", role=Role.SCORER, department=departments["县水利局"]),
        "scorer_fupin": UserFactory(username="scorer_fupin", role=Role.SCORER, department=departments["县扶贫开发局"]),
        "scorer_minzheng": UserFactory(
            username="scorer_minzheng", role=Role.SCORER, department=departments["县民政局"]
        ),
    }
    world.users.update(users)
    return users


@pytest.fixture
def scoring_cycle(world, departments, scorers) -> AssessmentWorld:
    """The 2009 cycle opened from the default catalogue and in the scoring state (samples drawn)."""
    admin = world.users["admin"]
    cycle = services.cycle_open(actor=admin, year=2009)
    services.cycle_start_scoring(actor=admin, cycle=cycle, seed_rng=random.Random(1))
    return AssessmentWorld(world, cycle, departments)


@pytest.fixture
def verification_cycle(scoring_cycle) -> AssessmentWorld:
    services.cycle_start_verification(actor=scoring_cycle.users["admin"], cycle=scoring_cycle.cycle)
    return scoring_cycle


def enter_every_score(aw, value_for=None) -> int:
    """Every non-computed indicator entered for every village (as the administrator, the xlsx
    upload's path): direct points half the maximum, measured values 50 (or `value_for(code)`)."""
    from assessment.services.scores import Entry
    from villages.models import Village

    indicators = [i for i in aw.cycle.indicators.all() if not i.is_computed]
    entries = [
        Entry(row, code, i.code, (value_for or (lambda c: None))(i.code)
              or (str(i.max_points / 2) if i.source == "direct" else "50"))
        for row, code in enumerate(Village.objects.order_by("code").values_list("code", flat=True), start=2)
        for i in indicators
    ]
    return services.scores_bulk_enter(actor=aw.users["admin"], cycle=aw.cycle, entries=entries)


@pytest.fixture
def complete_cycle(scoring_cycle) -> AssessmentWorld:
    """The 2009 cycle with every non-computed score entered, in verification (ready to finalise)."""
    enter_every_score(scoring_cycle)
    services.cycle_start_verification(actor=scoring_cycle.users["admin"], cycle=scoring_cycle.cycle)
    return scoring_cycle
