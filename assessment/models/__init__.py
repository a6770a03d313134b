"""Assessment models: the catalogue, cycles with their copied indicators, department scores,
inspection records (adjustments, ballots, spot checks), income-survey draws and responses,
and the engine's stored results."""

from .catalogue import AssessmentSettings, Indicator
from .cycle import Cycle, CycleIndicator
from .inputs import ComputedValue
from .results import VillageResult
from .scores import Adjustment, Ballot, Score, SpotCheck
from .survey import SampleDraw, SurveyResponse

__all__ = [
    "Adjustment", "AssessmentSettings", "Ballot", "ComputedValue", "Cycle", "CycleIndicator", "Indicator",
    "SampleDraw", "Score", "SpotCheck", "SurveyResponse", "VillageResult",
]
