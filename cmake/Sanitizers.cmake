# ASan + UBSan as an INTERFACE target; CI builds a second tree with WANGGE_SANITIZE=ON.
add_library(wangge_sanitizers INTERFACE)
if(WANGGE_SANITIZE)
  target_compile_options(wangge_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(wangge_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
