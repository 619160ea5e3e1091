/* Version and build provenance. */
#include "core/pf_core.h"
#include "pf_buildinfo.h"
#include "pf_gitinfo.h"

const char *pf_version(void) { return PF_VERSION_STRING; }
const char *pf_git_hash(void) { return PF_GIT_HASH; }
