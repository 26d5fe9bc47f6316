# Warnings are errors for our own code. Third-party headers come in as SYSTEM.
function(onnxocr_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Werror)
endfunction()
