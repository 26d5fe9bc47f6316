# Fails the build when a source file under src/ includes a layer above its
# own. Layers, lowest first: platform (OS facilities), core (the OCR library:
# no HTTP, no threads), runtime (engines, pools, scheduler), server (HTTP),
# cli (commands). src/main.cpp may include any of them; core/status.h (the
# error values, library onnxocr_status) is the foundation every layer shares.
#   cmake -DSOURCE_DIR=<repo> -P cmake/CheckLayers.cmake
set(layers platform core runtime server cli)
file(GLOB_RECURSE files "${SOURCE_DIR}/src/*.h" "${SOURCE_DIR}/src/*.cpp")
set(violations "")
foreach(file IN LISTS files)
  file(RELATIVE_PATH relative "${SOURCE_DIR}/src" "${file}")
  string(REGEX MATCH "^[^/]+" layer "${relative}")
  list(FIND layers "${layer}" rank)
  if(rank LESS 0)
    continue()
  endif()
  file(STRINGS "${file}" includes REGEX "^#include \"[a-z_]+/")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^#include \"([a-z_]+)/.*" "\\1" included "${line}")
    list(FIND layers "${included}" included_rank)
    if(line MATCHES "^#include \"core/status.h\"")
      continue()
    endif()
    if(included_rank GREATER rank)
      string(APPEND violations "  src/${relative}: ${line} (${layer} must not include ${included})\n")
    endif()
  endforeach()
endforeach()
if(violations)
  message(FATAL_ERROR "A layer includes a layer above it:\n${violations}")
endif()
