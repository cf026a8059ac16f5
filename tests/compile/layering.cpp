// Compiled by tests/compile/expect_compile_error.sh with the include roots the territory
// module builds with (itself, audit, core): as is it must build; with -DUPWARD it must not,
// because territory does not link registry (src/CMakeLists.txt), so its headers are not
// on territory's include path.
#include "territory/region.h"

#ifdef UPWARD
#include "registry/model.h"
#endif
