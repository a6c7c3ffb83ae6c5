<#-- Included by every step template: strict mode and the shared library (overridable for tests). -->
set -euo pipefail
sb_lib=${shellQuote(fb.paths.lib)}
# shellcheck source-path=SCRIPTDIR/.. source=lib.sh
. "${r"${STACKBAKE_LIB:-$sb_lib}"}"
