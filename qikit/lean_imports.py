"""Keep a kernel's start lean: modules the kit never uses are not imported on its behalf.

jsonschema, which Altair imports, registers a format checker for every optional module it can
import. Two of them cost a kernel's start dearly and check formats the kit never validates:

- ``rfc3987_syntax`` ("iri"): building its grammar costs about 1.8 CPU-seconds;
- ``isoduration`` ("duration"): it imports ``arrow``, about 0.25 s.

They are marked as absent before Altair is imported, so jsonschema simply has no "iri" or
"duration" check. A process that imported them before qikit keeps them.
"""

import sys

#: Modules jsonschema would import only to check formats the kit never uses.
NOT_NEEDED = ("rfc3987_syntax", "isoduration")

for _name in NOT_NEEDED:
    sys.modules.setdefault(_name, None)  # type: ignore[arg-type]
