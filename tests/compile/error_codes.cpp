// Compiled by tests/compile/expect_compile_error.sh twice: as is it must build; with
// -DMISSPELT it must not, because an error code is checked against the catalogue while
// compiling (core/error.h, ErrorCode).
#include "core/error.h"

void known() {
  throw wangge::Error("validation", "name", "too long", "过长");
}

#ifdef MISSPELT
void misspelt() {
  throw wangge::Error("validaton", "name", "too long", "过长");
}
#endif
