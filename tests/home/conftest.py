"""The assessment fixtures (departments, scorers, an open 2009 cycle over the `world`)."""

from tests.assessment.conftest import departments, scorers, scoring_cycle  # noqa: F401
