"""SPDX licence identifiers the catalogue accepts (OSI-approved licences and common variants).

A product's licence is an SPDX identifier or a simple expression of them joined by
``OR``/``AND`` (for dual licensing).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SPDX_LICENCES = {
    "0BSD": "BSD Zero Clause License",
    "AGPL-3.0-only": "GNU Affero General Public License v3.0 only",
    "AGPL-3.0-or-later": "GNU Affero General Public License v3.0 or later",
    "Apache-2.0": "Apache License 2.0",
    "BSD-2-Clause": 'BSD 2-Clause "Simplified" License',
    "BSD-3-Clause": 'BSD 3-Clause "New" or "Revised" License',
    "CC-BY-4.0": "Creative Commons Attribution 4.0 International",
    "CC-BY-SA-4.0": "Creative Commons Attribution Share Alike 4.0 International",
    "CC0-1.0": "Creative Commons Zero v1.0 Universal",
    "EPL-2.0": "Eclipse Public License 2.0",
    "EUPL-1.2": "European Union Public License 1.2",
    "GPL-2.0-only": "GNU General Public License v2.0 only",
    "GPL-2.0-or-later": "GNU General Public License v2.0 or later",
    "GPL-3.0-only": "GNU General Public License v3.0 only",
    "GPL-3.0-or-later": "GNU General Public License v3.0 or later",
    "ISC": "ISC License",
    "LGPL-2.1-only": "GNU Lesser General Public License v2.1 only",
    "LGPL-2.1-or-later": "GNU Lesser General Public License v2.1 or later",
    "LGPL-3.0-only": "GNU Lesser General Public License v3.0 only",
    "LGPL-3.0-or-later": "GNU Lesser General Public License v3.0 or later",
    "MIT": "MIT License",
    "MPL-2.0": "Mozilla Public License 2.0",
    "OSL-3.0": "Open Software License 3.0",
    "Unlicense": "The Unlicense",
}
_OPERATOR = re.compile(r"\s+(?:OR|AND)\s+")


def licence_identifiers(expression: str) -> list[str]:
    """The identifiers in an expression such as ``MPL-2.0 OR GPL-3.0-or-later``."""
    return [part.strip("() ") for part in _OPERATOR.split(expression.strip()) if part.strip()]


def validate_spdx_expression(value: str) -> None:
    unknown = [ident for ident in licence_identifiers(value) if ident not in SPDX_LICENCES]
    if unknown or not value.strip():
        raise ValidationError(
            _("Ukendt SPDX-licens: %(value)s. Brug fx MPL-2.0, GPL-3.0-only eller EUPL-1.2."),
            params={"value": ", ".join(unknown) or value},
            code="unknown_licence",
        )
