"""Writes of the assessment app. Each service is keyword-only, atomic, checks the actor's
scope and the cycle's state, and raises DomainError with a Chinese message; nothing is
stored when it refuses."""

from .catalogue import catalogue_save, catalogue_update, settings_update
from .cycles import (
    cycle_finalise,
    cycle_open,
    cycle_publish,
    cycle_reopen,
    cycle_reread_registry,
    cycle_start_scoring,
    cycle_start_verification,
)
from .engine import cycle_compute
from .inspection import adjustment_delete, adjustment_set, ballot_record, spot_check_add
from .scores import BulkEntryError, score_set, scores_bulk_enter, scores_upload
from .survey import sample_draw, sample_redraw, samples_draw_all, survey_response_save, survey_responses_bulk_save

__all__ = [
    "BulkEntryError", "adjustment_delete", "adjustment_set", "ballot_record", "catalogue_save", "catalogue_update",
    "cycle_compute", "cycle_finalise", "cycle_open", "cycle_publish", "cycle_reopen", "cycle_reread_registry",
    "cycle_start_scoring", "cycle_start_verification", "sample_draw", "sample_redraw",
    "samples_draw_all", "score_set", "scores_bulk_enter", "scores_upload", "settings_update", "spot_check_add",
    "survey_response_save", "survey_responses_bulk_save",
]
