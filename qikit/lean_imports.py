"""Keep a kernel's start lean: modules the kit never uses are not imported on its behalf.

jsonschema, which Altair imports, checks "iri" formats with ``rfc3987_syntax`` whenever it can
import it, and building that grammar costs about 1.8 CPU-seconds of every kernel's start. The kit
validates no IRIs, so the module is marked as absent before Altair is imported (jsonschema then
simply has no "iri" check). A process that imported it before qikit keeps it.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
