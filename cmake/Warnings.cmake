# Project warnings as an INTERFACE target (after cmake_template): link it, do not set flags globally.
add_library(wangge_warnings INTERFACE)
target_compile_options(wangge_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wdouble-promotion -Wformat=2
  -Wimplicit-fallthrough -Wmisleading-indentation -Wduplicated-cond -Wlogical-op
  # -Wnull-dereference is left out: g++ 12 reports false positives inside inlined
  # libstdc++/Asio code at -O2.
  -Wno-missing-field-initializers  # designated initializers leave defaults on purpose
  -Werror)
# g++ 12 reports bogus -Warray-bounds / -Wstringop-overread inside inlined std::string
# copies at -O2 (GCC bugs 105651, 106199); off for that compiler only.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(wangge_warnings INTERFACE -Wno-array-bounds -Wno-stringop-overread)
endif()
