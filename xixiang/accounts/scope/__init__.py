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

The package re-exports every public function of its modules, one module per concern:
`registry` (hierarchy, households, roster imports), `assistance`, `archives`, `assessment`,
`documents` (background document jobs).
Callers always write `from xixiang.accounts import scope` and `scope.<function>(user)`.
"""

from .archives import *  # noqa: F403
from .assessment import *  # noqa: F403
from .assistance import *  # noqa: F403
from .documents import *  # noqa: F403
from .registry import *  # noqa: F403
