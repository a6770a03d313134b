"""The one place that answers "which rows may this user see or change".

Every view, export, download and PDF takes its queryset from here. Nothing else in the code
filters by township or village for permission reasons.

Reading scope by role (domain.md §1):
  admin, leader       the whole county
  clerk               their township
  village cadre       their village
  scorer              every village (to score it), no households
  inspector, surveyor their assigned villages, and those villages' households
  helper              the households of their own active pairings (assistance app)

Changing scope: admin everywhere; clerk in their township. Everyone else changes no
registry data (other apps grant narrower write rights, e.g. archive uploads by village
cadres, through functions added here).
"""

from django.db.models import QuerySet

from households.models import Household
from villages.models import Department, Group, Township, Village

from .choices import Role

COUNTY_WIDE_READERS = {Role.ADMIN, Role.LEADER}
REGISTRY_EDITORS = {Role.ADMIN, Role.CLERK}


def _role(user) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return user.role


def is_township_bound(user) -> bool:
    """Whether the user works inside one township at most (clerk, village cadre)."""
    return _role(user) in {Role.CLERK, Role.VILLAGE_CADRE}


def is_admin(user) -> bool:
    return _role(user) == Role.ADMIN


def has_role(user, *roles: str) -> bool:
    return _role(user) in roles


# --- hierarchy -------------------------------------------------------------------------


def townships(user) -> QuerySet[Township]:
    role = _role(user)
    qs = Township.objects.all()
    if role in COUNTY_WIDE_READERS or role == Role.SCORER:
        return qs
    if role == Role.CLERK:
        return qs.filter(pk=user.township_id)
    if role == Role.VILLAGE_CADRE:
        return qs.filter(villages__pk=user.village_id)
    if role in {Role.INSPECTOR, Role.SURVEYOR}:
        return qs.filter(villages__in=user.assigned_villages.all()).distinct()
    if role == Role.HELPER:
        return qs.filter(pk__in=households(user).values("township_id"))
    return qs.none()


def villages(user) -> QuerySet[Village]:
    role = _role(user)
    qs = Village.objects.all()
    if role in COUNTY_WIDE_READERS or role == Role.SCORER:
        return qs
    if role == Role.CLERK:
        return qs.filter(township_id=user.township_id)
    if role == Role.VILLAGE_CADRE:
        return qs.filter(pk=user.village_id)
    if role in {Role.INSPECTOR, Role.SURVEYOR}:
        return qs.filter(pk__in=user.assigned_villages.values("pk"))
    if role == Role.HELPER:
        return qs.filter(pk__in=households(user).values("village_id"))
    return qs.none()


def groups(user) -> QuerySet[Group]:
    role = _role(user)
    qs = Group.objects.all()
    if role in COUNTY_WIDE_READERS or role == Role.SCORER:
        return qs
    if role == Role.CLERK:
        return qs.filter(village__township_id=user.township_id)
    if role == Role.HELPER:
        return qs.filter(pk__in=households(user).values("group_id"))
    return qs.filter(village__in=villages(user))


def households(user) -> QuerySet[Household]:
    role = _role(user)
    qs = Household.objects.all()
    if role in COUNTY_WIDE_READERS:
        return qs
    if role == Role.CLERK:
        return qs.filter(township_id=user.township_id)
    if role == Role.VILLAGE_CADRE:
        return qs.filter(village_id=user.village_id)
    if role in {Role.INSPECTOR, Role.SURVEYOR}:
        return qs.filter(village_id__in=user.assigned_villages.values("pk"))
    if role == Role.HELPER:
        return qs.filter(pk__in=_helper_household_ids(user))
    return qs.none()


def _helper_household_ids(user):
    """Households of the assisting cadre's own active pairings (assistance app)."""
    from assistance.selectors import active_household_pairings

    return active_household_pairings().filter(cadre__user=user).values("household_id")


def departments(user) -> QuerySet[Department]:
    """Departments are public within the system (names of units, no personal data)."""
    if _role(user) is None:
        return Department.objects.none()
    return Department.objects.all()


# --- changing --------------------------------------------------------------------------


def editable_townships(user) -> QuerySet[Township]:
    role = _role(user)
    if role == Role.ADMIN:
        return Township.objects.all()
    if role == Role.CLERK:
        return Township.objects.filter(pk=user.township_id)
    return Township.objects.none()


def editable_villages(user) -> QuerySet[Village]:
    return Village.objects.filter(township__in=editable_townships(user))


def editable_groups(user) -> QuerySet[Group]:
    return Group.objects.filter(village__township__in=editable_townships(user))


def editable_households(user) -> QuerySet[Household]:
    role = _role(user)
    if role == Role.ADMIN:
        return Household.objects.all()
    if role == Role.CLERK:
        return Household.objects.filter(township_id=user.township_id)
    return Household.objects.none()


def can_edit_registry(user) -> bool:
    """Whether the user's role edits registry data at all (admin, clerk)."""
    return _role(user) in REGISTRY_EDITORS


def can_edit_household(user, household: Household) -> bool:
    role = _role(user)
    if role == Role.ADMIN:
        return True
    return role == Role.CLERK and household.township_id == user.township_id


def can_edit_village(user, village: Village) -> bool:
    role = _role(user)
    if role == Role.ADMIN:
        return True
    return role == Role.CLERK and village.township_id == user.township_id


def sees_full_id_numbers(user) -> bool:
    """Whether lists show full ID numbers: only to roles that edit households."""
    return can_edit_registry(user)


# --- assistance app (三联三帮: pairings, assistance records, plans, income cards) ----------
#
# Reading: admin and leader the whole county; clerks their township; assisting cadres (helper)
# their own cadre, their own household pairings (active or ended), the records on them and
# the plans of their households. Changing: admin everywhere; clerks their township's pairings,
# records and plans; helpers the records and plans of their own active households.

PAIRING_MANAGERS = {Role.ADMIN, Role.CLERK}
ASSISTANCE_RECORDERS = {Role.ADMIN, Role.CLERK, Role.HELPER}


def can_manage_pairings(user) -> bool:
    """Whether the role creates, ends and changes pairings (admin, clerk)."""
    return _role(user) in PAIRING_MANAGERS


def can_record_assistance(user) -> bool:
    """Whether the role records assistance and edits plans (admin, clerk, helper)."""
    return _role(user) in ASSISTANCE_RECORDERS


def sees_assistance_ledgers(user) -> bool:
    """Whether the role reads the ledgers, roll-ups and rule checks (admin, leader, clerk)."""
    return _role(user) in COUNTY_WIDE_READERS | {Role.CLERK}


def cadres(user):
    from assistance.models import Cadre

    role = _role(user)
    if role in COUNTY_WIDE_READERS or role == Role.CLERK:
        return Cadre.objects.all()
    if role == Role.HELPER:
        return Cadre.objects.filter(user=user)
    return Cadre.objects.none()


def _by_township(model, user, *, editable: bool):
    role = _role(user)
    if role == Role.ADMIN or (role == Role.LEADER and not editable):
        return model.objects.all()
    if role == Role.CLERK:
        return model.objects.filter(township_id=user.township_id)
    return model.objects.none()


def leader_pairings(user):
    from assistance.models import LeaderPairing

    return _by_township(LeaderPairing, user, editable=False)


def editable_leader_pairings(user):
    from assistance.models import LeaderPairing

    return _by_township(LeaderPairing, user, editable=True)


def unit_pairings(user):
    from assistance.models import UnitPairing

    return _by_township(UnitPairing, user, editable=False)


def editable_unit_pairings(user):
    from assistance.models import UnitPairing

    return _by_township(UnitPairing, user, editable=True)


def household_pairings(user):
    from assistance.models import HouseholdPairing

    if _role(user) == Role.HELPER:
        return HouseholdPairing.objects.filter(cadre__user=user)
    return _by_township(HouseholdPairing, user, editable=False)


def editable_household_pairings(user):
    """Pairings the user may end or change (admin, clerk); helpers record on theirs, see below."""
    from assistance.models import HouseholdPairing

    return _by_township(HouseholdPairing, user, editable=True)


def recordable_household_pairings(user):
    """Household pairings the user may add assistance records to."""
    from assistance.selectors import active_household_pairings

    if _role(user) == Role.HELPER:
        return active_household_pairings().filter(cadre__user=user)
    return editable_household_pairings(user)


def assistance_records(user):
    from assistance.models import AssistanceRecord

    if _role(user) == Role.HELPER:
        return AssistanceRecord.objects.filter(household_pairing__cadre__user=user)
    return _by_township(AssistanceRecord, user, editable=False)


def household_plans(user):
    from assistance.models import HouseholdPlan

    return HouseholdPlan.objects.filter(household__in=households(user))


def plan_households(user) -> QuerySet[Household]:
    """Households whose plans the user may write: admin all, clerk their township, helper own."""
    role = _role(user)
    if role == Role.HELPER:
        return households(user)
    return editable_households(user)


def township_cadres(user):
    """Cadres a rule check shows: all for county readers; for a clerk, the cadres of their
    township's stations and villages and those holding households there."""
    from django.db.models import Exists, OuterRef, Q

    from assistance.models import HouseholdPairing

    role = _role(user)
    qs = cadres(user)
    if role == Role.CLERK:
        pairs_here = HouseholdPairing.objects.filter(cadre=OuterRef("pk"), township_id=user.township_id)
        return qs.filter(
            Q(unit__township_id=user.township_id) | Q(village__township_id=user.township_id) | Exists(pairs_here)
        )
    if role in COUNTY_WIDE_READERS:
        return qs
    return qs.none()


def card_batches(user):
    """Background income-card batches: the administrator sees all, others their own."""
    from assistance.models import CardBatch

    role = _role(user)
    if role == Role.ADMIN:
        return CardBatch.objects.all()
    if role is None:
        return CardBatch.objects.none()
    return CardBatch.objects.filter(requested_by=user)
# --- archives (village archives app) ---------------------------------------------------
# Reading a village's archive follows `villages(user)`; uploading, editing and deleting is
# for the administrator (everywhere), the township clerk (their township) and the village
# cadre (their village); restoring deleted records and verifying files is the administrator's.

ARCHIVE_UPLOADERS = {Role.ADMIN, Role.CLERK, Role.VILLAGE_CADRE}


def _archive_models():
    from archives import models  # imported late: archives.models must not import scope

    return models


def _village_filtered(qs: QuerySet, user, village_field: str, *, upload: bool = False) -> QuerySet:
    """`qs` limited to rows of the user's readable (or uploadable) villages; no subquery
    for the roles that cover the whole county."""
    role = _role(user)
    county_wide = role == Role.ADMIN if upload else role in COUNTY_WIDE_READERS | {Role.SCORER}
    if county_wide:
        return qs
    allowed = archive_upload_villages(user) if upload else archive_villages(user)
    return qs.filter(**{f"{village_field}__in": allowed.values("pk")})


def archive_villages(user) -> QuerySet[Village]:
    """Villages whose archives the user may read: the villages they may see."""
    return villages(user)


def archive_upload_villages(user) -> QuerySet[Village]:
    """Villages the user may upload archives to, and whose records they may edit or delete."""
    role = _role(user)
    if role == Role.ADMIN:
        return Village.objects.all()
    if role == Role.CLERK:
        return Village.objects.filter(township_id=user.township_id)
    if role == Role.VILLAGE_CADRE:
        return Village.objects.filter(pk=user.village_id)
    return Village.objects.none()


def can_upload_archives(user) -> bool:
    return _role(user) in ARCHIVE_UPLOADERS


def can_manage_archives(user) -> bool:
    """Restore deleted records and files, verify stored files: the county administrator."""
    return _role(user) == Role.ADMIN


def archive_records(user) -> QuerySet:
    """Live (not deleted) archive records of the villages the user may read."""
    records = _archive_models().ArchiveRecord.objects.live()
    if _role(user) is None:
        return records.none()
    return _village_filtered(records, user, "village")


def archive_records_with_deleted(user) -> QuerySet:
    """Records of readable villages, deleted ones included (history pages)."""
    records = _archive_models().ArchiveRecord.objects.all()
    if _role(user) is None:
        return records.none()
    return _village_filtered(records, user, "village")


def archive_editable_records(user) -> QuerySet:
    """Live records the user may edit, add files to, or delete."""
    records = _archive_models().ArchiveRecord.objects.live()
    if not can_upload_archives(user):
        return records.none()
    return _village_filtered(records, user, "village", upload=True)


def archive_files(user) -> QuerySet:
    """Live files of live records in the villages the user may read (downloads, previews)."""
    files = _archive_models().ArchiveFile.objects.live()
    if _role(user) is None:
        return files.none()
    return _village_filtered(files, user, "record__village")


def archive_files_with_deleted(user) -> QuerySet:
    files = _archive_models().ArchiveFile.objects.all()
    if _role(user) is None:
        return files.none()
    return _village_filtered(files, user, "record__village")


def archive_editable_files(user) -> QuerySet:
    files = _archive_models().ArchiveFile.objects.live()
    if not can_upload_archives(user):
        return files.none()
    return _village_filtered(files, user, "record__village", upload=True)


def archive_deleted_records(user) -> QuerySet:
    """Deleted records, for the administrator's restore page."""
    records = _archive_models().ArchiveRecord.objects.deleted()
    return records if can_manage_archives(user) else records.none()


def archive_deleted_files(user) -> QuerySet:
    """Deleted files of records that are not deleted themselves, for the restore page."""
    files = _archive_models().ArchiveFile.objects.filter(deleted_at__isnull=False, record__deleted_at__isnull=True)
    return files if can_manage_archives(user) else files.none()
# --- assessment (assessment app) -------------------------------------------------------
#
# Departments: a scorer sees and enters the indicators their department leads AND those it
# cooperates on (domain.md §7: "ten lead and eight cooperating departments score every
# village"); every cell records who entered it and its history keeps each change. Computed
# indicators (survey, registry, ballots) are shown to their departments but nobody types them.
# Inspection teams and surveyors work in their assigned villages; the administrator
# everywhere; the leader reads results county-wide; clerks and village cadres read the results
# of their township / village.

ASSESSMENT_RESULT_READERS = {Role.ADMIN, Role.LEADER, Role.CLERK, Role.VILLAGE_CADRE, Role.INSPECTOR, Role.SURVEYOR}
ASSESSMENT_CYCLE_READERS = ASSESSMENT_RESULT_READERS | {Role.SCORER}


def assessment_cycles(user):
    from assessment.models import Cycle

    if _role(user) in ASSESSMENT_CYCLE_READERS:
        return Cycle.objects.all()
    return Cycle.objects.none()


def assessment_department_indicators(user, cycle):
    """The cycle's indicators shown in the user's score grid (led or co-operated), computed included."""
    from django.db.models import Q

    qs = cycle.indicators.select_related("lead_department")
    role = _role(user)
    if role == Role.ADMIN:
        return qs
    if role == Role.SCORER and user.department_id:
        return qs.filter(
            Q(lead_department_id=user.department_id) | Q(cooperating_departments__pk=user.department_id)
        ).distinct()
    return qs.none()


def assessment_scorable_indicators(user, cycle):
    """The cycle's indicators whose cells the user may type (never the computed ones)."""
    from assessment.scoring import COMPUTED_SOURCES

    return assessment_department_indicators(user, cycle).exclude(source__in=COMPUTED_SOURCES)


def can_score(user) -> bool:
    return _role(user) in {Role.ADMIN, Role.SCORER}


def assessment_grid_villages(user) -> QuerySet[Village]:
    """Villages in a department's score grid: every village (domain.md §1)."""
    if can_score(user):
        return Village.objects.all()
    return Village.objects.none()


def assessment_inspection_villages(user) -> QuerySet[Village]:
    role = _role(user)
    if role == Role.ADMIN:
        return Village.objects.all()
    if role == Role.INSPECTOR:
        return Village.objects.filter(pk__in=user.assigned_villages.values("pk"))
    return Village.objects.none()


def assessment_survey_villages(user) -> QuerySet[Village]:
    role = _role(user)
    if role == Role.ADMIN:
        return Village.objects.all()
    if role == Role.SURVEYOR:
        return Village.objects.filter(pk__in=user.assigned_villages.values("pk"))
    return Village.objects.none()


def assessment_result_villages(user) -> QuerySet[Village]:
    """Villages whose results (totals, score sheets) the user may read."""
    if _role(user) in ASSESSMENT_RESULT_READERS:
        return villages(user)
    return Village.objects.none()


def assessment_results(user, cycle):
    from assessment.models import VillageResult

    return VillageResult.objects.filter(cycle=cycle, village__in=assessment_result_villages(user))


def can_read_assessment_results(user) -> bool:
    return _role(user) in ASSESSMENT_RESULT_READERS


def can_read_county_results(user) -> bool:
    """County statistics and reward proposals: the administrator and the leader."""
    return _role(user) in COUNTY_WIDE_READERS


def can_inspect(user) -> bool:
    return _role(user) in {Role.ADMIN, Role.INSPECTOR}


def can_survey(user) -> bool:
    return _role(user) in {Role.ADMIN, Role.SURVEYOR}


def assessment_draws(user):
    from assessment.models import SampleDraw

    return SampleDraw.objects.filter(village__in=assessment_survey_villages(user))


def assessment_scores(user):
    """Score rows whose history the user may read: their grid's indicators, or their results."""
    from django.db.models import Q

    from assessment.models import Score

    role = _role(user)
    if role in COUNTY_WIDE_READERS:
        return Score.objects.all()
    if role == Role.SCORER:
        return Score.objects.filter(
            Q(indicator__lead_department_id=user.department_id)
            | Q(indicator__cooperating_departments__pk=user.department_id)
        ).distinct()
    return Score.objects.filter(village__in=assessment_result_villages(user))


def assessment_inspection_records(user, model):
    """Adjustments, ballots, spot checks: the villages an inspector works in or may read."""
    if _role(user) in COUNTY_WIDE_READERS:
        return model.objects.all()
    return model.objects.filter(village__in=assessment_inspection_villages(user))


def assessment_survey_responses(user):
    from assessment.models import SurveyResponse

    if _role(user) in COUNTY_WIDE_READERS:
        return SurveyResponse.objects.all()
    return SurveyResponse.objects.filter(draw__village__in=assessment_survey_villages(user))
# --- households: roster import and export (households.roster) --------------------------


def can_import_roster(user) -> bool:
    """Township clerks (their township) and the county administrator import rosters."""
    return _role(user) in REGISTRY_EDITORS


def import_batches(user):
    """Import batches the user may see: all for the administrator, their township's for a clerk."""
    from households.models import ImportBatch

    role = _role(user)
    if role == Role.ADMIN:
        return ImportBatch.objects.all()
    if role == Role.CLERK:
        return ImportBatch.objects.filter(township_id=user.township_id)
    return ImportBatch.objects.none()
