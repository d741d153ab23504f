"""Plain-text renderings of the analyses for the command line (``--format table``).

Every word comes from :data:`icttools.present.i18n.TEXT` (Vietnamese or English). The numbers
come from the analysis results as they are; these functions only lay them out.
"""

from icttools.present.textout.index import format_gaps, format_sensitivity, format_uncertainty
from icttools.present.textout.plans import format_plan, format_scenario, format_trends
from icttools.present.textout.tables import aligned_lines, section, text_table

__all__ = ["format_gaps", "format_sensitivity", "format_uncertainty", "format_plan", "format_scenario",
           "format_trends", "text_table", "aligned_lines", "section"]
